namespace ConfigCenter.Client.Connection;

/// <summary>One server address of a connect string; the host is resolved only when connecting.</summary>
internal readonly record struct HostEndpoint(string Host, int Port)
{
    public override string ToString() => Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]:{Port}" : $"{Host}:{Port}";
}
