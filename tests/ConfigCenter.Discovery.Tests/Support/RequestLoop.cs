namespace ConfigCenter.Discovery.Tests.Support;

/// <summary>
/// A consumer sending GET / one after another in the background (as live traffic during a failure),
/// counting answers per instance and keeping every failure.
/// </summary>
public sealed class RequestLoop : IAsyncDisposable
{
    private readonly TestConsumer _consumer;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<string> _failures = [];
    private readonly Dictionary<string, int> _answers = new(StringComparer.Ordinal);
    private readonly Task _loop;
    private int _completed;
    private TaskCompletionSource<bool> _progress = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public RequestLoop(TestConsumer consumer)
    {
        _consumer = consumer;
        _loop = Task.Run(RunAsync);
    }

    public IReadOnlyList<string> Failures
    {
        get { lock (_failures) return [.. _failures]; }
    }

    public int Completed => Volatile.Read(ref _completed);

    public IReadOnlyDictionary<string, int> Answers
    {
        get { lock (_answers) return new Dictionary<string, int>(_answers); }
    }

    /// <summary>Waits until <paramref name="count"/> more requests completed (answered or failed).</summary>
    public async Task WaitForMoreAsync(int count)
    {
        var target = Completed + count;
        while (Completed < target)
        {
            var progress = Volatile.Read(ref _progress).Task;
            if (Completed >= target) break;
            await progress.WaitAsync(TestTimeouts.Event);
        }
    }

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await _loop;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested) await StopAsync();
        _stop.Dispose();
    }

    private async Task RunAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                var id = await _consumer.EchoAsync(_stop.Token);
                lock (_answers) _answers[id] = _answers.GetValueOrDefault(id) + 1;
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                lock (_failures) _failures.Add($"{DateTime.Now:HH:mm:ss.fff} {exception.GetType().Name}: {exception.Message}");
            }
            Interlocked.Increment(ref _completed);
            Interlocked.Exchange(ref _progress, new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult(true);
        }
    }
}
