using Microsoft.Extensions.Logging;

namespace ConfigCenter.Configuration.Tests.Support;

/// <summary>Keeps every log entry so tests can assert that an error or a warning was logged, and what it named.</summary>
public sealed class RecordingLoggerFactory : ILoggerFactory
{
    private readonly List<(LogLevel Level, string Message)> _entries = [];
    private readonly List<TaskCompletionSource> _waiters = [];

    public IReadOnlyList<(LogLevel Level, string Message)> Entries
    {
        get { lock (_entries) return [.. _entries]; }
    }

    /// <summary>Completes when an entry of at least <paramref name="level"/> containing <paramref name="text"/> has been logged.</summary>
    public async Task WaitForAsync(LogLevel level, string text)
    {
        while (true)
        {
            var next = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_entries)
            {
                if (_entries.Any(entry => entry.Level >= level && entry.Message.Contains(text, StringComparison.Ordinal))) return;
                _waiters.Add(next);
            }
            try
            {
                await next.Task.WaitAsync(TestTimeouts.Event);
            }
            catch (TimeoutException)
            {
                throw new TimeoutException($"No {level} log containing '{text}'; logged:\n{string.Join("\n", Entries)}");
            }
        }
    }

    public ILogger CreateLogger(string categoryName) => new RecordingLogger(this);

    public void AddProvider(ILoggerProvider provider) { }

    public void Dispose() { }

    private void Add(LogLevel level, string message)
    {
        List<TaskCompletionSource> waiters;
        lock (_entries)
        {
            _entries.Add((level, message));
            waiters = [.. _waiters];
            _waiters.Clear();
        }
        foreach (var waiter in waiters) waiter.TrySetResult();
    }

    private sealed class RecordingLogger(RecordingLoggerFactory owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel)) owner.Add(logLevel, formatter(state, exception));
        }
    }
}
