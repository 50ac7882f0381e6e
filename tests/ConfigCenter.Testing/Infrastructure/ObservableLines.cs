namespace ConfigCenter.Testing.Infrastructure;

/// <summary>
/// Lines of a running process's output that tests can await: "wait until a line matching X appears".
/// Thread-safe; one reader adds, any number of waiters watch.
/// </summary>
public sealed class ObservableLines
{
    private readonly object _gate = new();
    private readonly List<string> _lines = [];
    private TaskCompletionSource _changed = NewSignal();
    private bool _completed;

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _lines.Count;
            }
        }
    }

    public IReadOnlyList<string> Snapshot()
    {
        lock (_gate)
        {
            return [.. _lines];
        }
    }

    public void Add(string line) => Signal(() => _lines.Add(line));

    /// <summary>No more lines will come (the process closed its output).</summary>
    public void Complete() => Signal(() => _completed = true);

    /// <summary>
    /// Waits for the first line at index <paramref name="fromIndex"/> or later that satisfies <paramref name="predicate"/>
    /// and returns its index. Fails when the output ends or the timeout passes first.
    /// </summary>
    public async Task<int> WaitForAsync(
        Func<string, bool> predicate, string description, int fromIndex, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var next = fromIndex;
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                for (; next < _lines.Count; next++)
                {
                    if (predicate(_lines[next]))
                    {
                        return next;
                    }
                }

                if (_completed)
                {
                    throw new InvalidOperationException(
                        $"Output ended without a line matching {description}.\n--- output ---\n{string.Join('\n', _lines)}");
                }

                changed = _changed.Task;
            }

            try
            {
                await changed.WaitAsync(deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException(
                    $"No line matching {description} within {timeout.TotalSeconds:0.#} s.\n--- output ---\n{string.Join('\n', Snapshot())}");
            }
        }
    }

    private void Signal(Action mutate)
    {
        TaskCompletionSource previous;
        lock (_gate)
        {
            mutate();
            previous = _changed;
            _changed = NewSignal();
        }

        previous.TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
