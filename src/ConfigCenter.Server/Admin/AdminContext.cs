namespace ConfigCenter.Server.Admin;

/// <summary>What the four-letter words report besides the state machine's own state.</summary>
internal sealed record AdminContext(
    Func<string, bool> IsEnabled,
    IReadOnlyList<KeyValuePair<string, string>> Configuration,
    string DataDir,
    string DataLogDir,
    string ClientEndPoint)
{
    public static string Version => typeof(AdminContext).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
}
