namespace ConfigCenter.Conformance.Tests.Support;

/// <summary>Picks zkCli's watch notifications ("WatchedEvent state:... type:... path:...") out of its output.</summary>
internal static class CliEvents
{
    public static string Line(string type, string path) => $"WatchedEvent state:SyncConnected type:{type} path:{path}";

    /// <summary>A watch notification about a node, as opposed to a connection-state event (type:None).</summary>
    public static bool IsNodeEvent(string line) =>
        line.StartsWith("WatchedEvent state:", StringComparison.Ordinal)
        && !line.Contains(" type:None ", StringComparison.Ordinal);

    /// <summary>Node events from <paramref name="fromLine"/> on.</summary>
    public static List<string> NodeEvents(IReadOnlyList<string> output, int fromLine = 0) =>
        [.. output.Skip(fromLine).Where(IsNodeEvent)];
}
