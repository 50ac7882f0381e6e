using Microsoft.Extensions.Logging;

namespace ConfigCenter.Testing.ClientHarness;

/// <summary>
/// Writes client logs to the file named by CLIENT_TEST_LOG, for diagnosing a failing test; without the
/// variable, clients log nothing.
/// </summary>
public sealed class FileLoggerFactory(string path) : ILoggerFactory
{
    private static readonly object Gate = new();

    public static ILoggerFactory? FromEnvironment() =>
        Environment.GetEnvironmentVariable("CLIENT_TEST_LOG") is { Length: > 0 } path ? new FileLoggerFactory(path) : null;

    public ILogger CreateLogger(string categoryName) => new FileLogger(path);

    public void AddProvider(ILoggerProvider provider) { }

    public void Dispose() { }

    private sealed class FileLogger(string path) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (Gate) File.AppendAllText(path, $"{DateTime.Now:HH:mm:ss.fff} {logLevel} {formatter(state, exception)} {exception}\n");
        }
    }
}
