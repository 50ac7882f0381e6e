using System.Threading.Channels;
using ConfigCenter.Client.Exceptions;
using Microsoft.Extensions.Logging;

namespace ConfigCenter.Client.Recipes.Internal;

/// <summary>
/// Runs a recipe's reactions (to watch events, state changes, start and close) one at a time, in the
/// order they were posted, off the client's event thread: the recipe's state changes in one place only,
/// and its network calls never hold up the client's other callbacks.
/// </summary>
internal sealed class SerialWorkQueue : IAsyncDisposable
{
    // Work started from a work item may not wait for the queue to drain: it would wait for itself.
    private static readonly AsyncLocal<SerialWorkQueue?> Running = new();

    private readonly Channel<Func<Task>> _work = Channel.CreateUnbounded<Func<Task>>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ILogger _logger;
    private readonly Task _loop;

    public SerialWorkQueue(ILogger logger)
    {
        _logger = logger;
        // The loop must not inherit the creator's async-locals (e.g. the client dispatcher's marker).
        using (ExecutionContext.SuppressFlow()) _loop = Task.Run(RunLoopAsync);
    }

    /// <summary>Queues work; false once the queue is closed.</summary>
    public bool Post(Func<Task> work) => _work.Writer.TryWrite(work);

    /// <summary>Queues work and waits for it; its result or exception reaches the caller.</summary>
    public Task RunAsync(Func<Task> work)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var posted = Post(async () =>
        {
            try
            {
                await work().ConfigureAwait(false);
                done.TrySetResult();
            }
            catch (Exception exception)
            {
                done.TrySetException(exception);
            }
        });
        if (!posted) done.TrySetException(new ObjectDisposedException(nameof(SerialWorkQueue), "The recipe is closed."));
        return done.Task;
    }

    /// <summary>Stops taking work and waits for what is queued (unless called from a work item).</summary>
    public async ValueTask DisposeAsync()
    {
        _work.Writer.TryComplete();
        if (!ReferenceEquals(Running.Value, this)) await _loop.ConfigureAwait(false);
    }

    private async Task RunLoopAsync()
    {
        Running.Value = this;
        await foreach (var work in _work.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            try
            {
                await work().ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // The recipe is closing.
            }
            catch (Exception exception) when (exception is ConnectionLossException or SessionExpiredException)
            {
                // Every recipe using this queue reacts to the reconnect (or new session) that follows.
                _logger.LogDebug("A recipe task was interrupted: {Reason}", exception.Message);
            }
            catch (Exception exception)
            {
                _logger.LogError(exception, "A recipe task failed");
            }
        }
    }
}
