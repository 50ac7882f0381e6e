using System.Text;
using ConfigCenter.Client.Exceptions;
using ConfigCenter.Client.Recipes.Internal;
using ConfigCenter.Client.Recipes.Locks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ConfigCenter.Client.Recipes.Leader;

/// <summary>
/// Leader election by callback, as Curator's LeaderSelector: candidates queue on an
/// <see cref="InterProcessMutex"/> at <see cref="Path"/> (their id as the lock node's data); the holder runs
/// the leadership callback, and leadership ends when the callback returns.
/// </summary>
/// <remarks>
/// The callback receives a token that is cancelled when leadership is lost: the session is lost (or, with
/// <see cref="LeadershipLossPolicy.OnSuspension"/>, the connection suspended), the lock node is deleted, or the
/// selector is disposed. The callback must then stop promptly; leadership is released when it returns. With
/// <see cref="LeaderSelectorOptions.AutoRequeue"/> the candidate queues again after every term.
/// </remarks>
public sealed class LeaderSelector : IAsyncDisposable
{
    private static readonly TimeSpan MaxPauseAfterFailure = TimeSpan.FromSeconds(2);

    private readonly ZooKeeperClient _client;
    private readonly Func<CancellationToken, Task> _takeLeadership;
    private readonly ILogger _logger;
    private readonly LeadershipLossPolicy _lossPolicy;
    private readonly bool _autoRequeue;
    private readonly byte[] _idBytes;
    private readonly CancellationTokenSource _closing = new();
    private readonly SemaphoreSlim _queued = new(0, 1);
    private readonly InterProcessMutex _probe;
    private int _started;
    private int _queuedOrLeading;
    private int _hasLeadership;
    private Task _loop = Task.CompletedTask;

    /// <summary>Creates a selector; call <see cref="Start"/> to queue for leadership.</summary>
    /// <param name="client">The client whose session holds the candidate's node.</param>
    /// <param name="path">The election's directory (created when missing).</param>
    /// <param name="takeLeadership">Runs while this candidate leads; return to give leadership up. Its token is cancelled when leadership is lost.</param>
    /// <param name="options">The candidate's id, loss policy, requeueing and logger.</param>
    public LeaderSelector(ZooKeeperClient client, string path, Func<CancellationToken, Task> takeLeadership, LeaderSelectorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(takeLeadership);
        RecipePaths.Validate(path);
        _client = client;
        _takeLeadership = takeLeadership;
        Path = path;
        Id = options?.Id ?? Guid.NewGuid().ToString("D");
        _idBytes = Encoding.UTF8.GetBytes(Id);
        _lossPolicy = options?.LossPolicy ?? LeadershipLossPolicy.OnSessionLoss;
        _autoRequeue = options?.AutoRequeue ?? false;
        _logger = options?.Logger ?? NullLogger.Instance;
        _probe = new InterProcessMutex(client, path, _logger);
    }

    /// <summary>The election's directory.</summary>
    public string Path { get; }

    /// <summary>This candidate's id.</summary>
    public string Id { get; }

    /// <summary>True while the leadership callback runs.</summary>
    public bool HasLeadership => Volatile.Read(ref _hasLeadership) != 0;

    /// <summary>Queues for leadership (once; later terms come from <see cref="Requeue"/> or AutoRequeue).</summary>
    /// <exception cref="InvalidOperationException">The selector was started before.</exception>
    public void Start()
    {
        if (Interlocked.CompareExchange(ref _started, 1, 0) != 0) throw new InvalidOperationException("A selector starts only once.");
        ObjectDisposedException.ThrowIf(_closing.IsCancellationRequested, this);
        using (ExecutionContext.SuppressFlow()) _loop = Task.Run(RunAsync);
        Requeue();
    }

    /// <summary>Queues for one more term unless already queued or leading; false when it was.</summary>
    public bool Requeue()
    {
        if (Volatile.Read(ref _started) == 0) throw new InvalidOperationException("Start the selector first.");
        if (Interlocked.CompareExchange(ref _queuedOrLeading, 1, 0) != 0) return false;
        _queued.Release();
        return true;
    }

    /// <summary>The candidates in election order, the leader first.</summary>
    public async Task<IReadOnlyList<Participant>> GetParticipantsAsync(CancellationToken cancellationToken = default) =>
        await ParticipantReader.ReadAsync(
            _client, Path, await _probe.GetParticipantNodesAsync(cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);

    /// <summary>The current leader, or null when there is no candidate.</summary>
    public async Task<Participant?> GetLeaderAsync(CancellationToken cancellationToken = default) =>
        (await GetParticipantsAsync(cancellationToken).ConfigureAwait(false)).FirstOrDefault();

    /// <summary>Cancels the leadership callback (if running), waits for it to return, and leaves the election.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_closing.IsCancellationRequested) return;
        await _closing.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
    }

    private async Task RunAsync()
    {
        var failures = 0;
        while (!_closing.IsCancellationRequested)
        {
            try
            {
                await _queued.WaitAsync(_closing.Token).ConfigureAwait(false);
                await LeadOnceAsync().ConfigureAwait(false);
                failures = 0;
            }
            catch (OperationCanceledException) when (_closing.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (exception is KeeperException or InvalidOperationException or ObjectDisposedException)
            {
                // E.g. the session expired while queueing: queue again once there is a session (a rebuilt one can lead).
                _logger.LogWarning(exception, "Selector {Path} could not take part", Path);
                try
                {
                    failures++;
                    await PauseAsync(failures).ConfigureAwait(false);
                    if (!await SessionAvailability.WaitUntilConnectedAsync(_client, _closing.Token).ConfigureAwait(false))
                    {
                        _logger.LogWarning("Selector {Path} stops: the client is {State}", Path, _client.CurrentState);
                        return;
                    }
                }
                catch (OperationCanceledException) when (_closing.IsCancellationRequested)
                {
                    return;
                }
                Requeue();
                continue;
            }
            if (_autoRequeue) Requeue();
        }
    }

    /// <summary>One term: wait for the lock, run the callback until it returns or leadership is lost, release the lock.</summary>
    private async Task LeadOnceAsync()
    {
        await using var mutex = new InterProcessMutex(_client, Path, new ExclusiveLockRule(LockNodeNames.Mutex), _idBytes, _logger);
        try
        {
            await mutex.AcquireAsync(_closing.Token).ConfigureAwait(false);
        }
        catch
        {
            EndTerm();
            throw;
        }

        using var term = CancellationTokenSource.CreateLinkedTokenSource(_closing.Token, mutex.LockLostToken);
        void EndTermOnSuspension(object? sender, EventArgs e)
        {
            try
            {
                _ = term.CancelAsync();
            }
            catch (ObjectDisposedException)
            {
                // The term ended meanwhile.
            }
        }
        if (_lossPolicy == LeadershipLossPolicy.OnSuspension) mutex.ConnectionSuspended += EndTermOnSuspension;
        Volatile.Write(ref _hasLeadership, 1);
        _logger.LogInformation("Selector {Path}: {Id} leads", Path, Id);
        try
        {
            await _takeLeadership(term.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (term.IsCancellationRequested)
        {
            // Leadership was lost or the selector closed: the callback stopped as asked.
        }
        catch (Exception exception)
        {
            _logger.LogError(exception, "The leadership callback of selector {Path} failed", Path);
        }
        finally
        {
            mutex.ConnectionSuspended -= EndTermOnSuspension;
            _logger.LogInformation("Selector {Path}: {Id} no longer leads", Path, Id);
            EndTerm();
        }
        // Disposing the mutex releases it (quietly when the lock was lost with the session).
    }

    /// <summary>Before the lock node goes, so whoever sees it gone may already requeue.</summary>
    private void EndTerm()
    {
        Volatile.Write(ref _hasLeadership, 0);
        Volatile.Write(ref _queuedOrLeading, 0);
    }

    private async Task PauseAsync(int failures)
    {
        var pause = TimeSpan.FromMilliseconds(Math.Min(MaxPauseAfterFailure.TotalMilliseconds, 50 * Math.Pow(2, Math.Min(failures, 10))));
        await Task.Delay(pause, _closing.Token).ConfigureAwait(false);
    }
}
