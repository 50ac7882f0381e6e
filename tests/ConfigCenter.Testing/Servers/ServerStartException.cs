namespace ConfigCenter.Testing.Servers;

/// <summary>The server under test did not become ready; the message carries the end of its log.</summary>
public sealed class ServerStartException(string message, string logTail, Exception? inner = null)
    : Exception($"{message}\n--- server log (tail) ---\n{logTail}", inner)
{
    public string LogTail { get; } = logTail;
}
