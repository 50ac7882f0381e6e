using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace ConfigCenter.Server.Tests.Quorum;

/// <summary>Keeps every log line, so a test can check what a transport said about a connection it closed.</summary>
internal sealed class RecordingLogger : ILogger
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyCollection<string> Lines => _lines;

    public bool Contains(LogLevel level, params string[] fragments) =>
        _lines.Any(line => line.StartsWith(level.ToString(), StringComparison.Ordinal) && fragments.All(line.Contains));

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        _lines.Enqueue($"{logLevel}: {formatter(state, exception)}");

    public bool IsEnabled(LogLevel logLevel) => true;

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
}
