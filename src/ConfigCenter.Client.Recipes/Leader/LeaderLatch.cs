using System.Text;
using ConfigCenter.Client.Exceptions;
using ConfigCenter.Client.Recipes.Internal;
using ConfigCenter.Client.Recipes.Locks;
using ConfigCenter.Client.Watches;
using ConfigCenter.Protocol;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ConfigCenter.Client.Recipes.Leader;

/// <summary>
/// Leader election by latch, as Curator's LeaderLatch: every candidate puts a protected ephemeral sequential
/// node "_c_&lt;guid&gt;-latch-&lt;sequence&gt;" (its id as data) under <see cref="Path"/>; the first one leads, and
/// each other candidate watches only its predecessor.
/// </summary>
/// <remarks>
/// <para>Leadership is lost when the session is lost (or, with <see cref="LeadershipLossPolicy.OnSuspension"/>,
/// as soon as the connection is suspended), and when the latch is closed. It is only regained by election: after
/// a reconnect the latch checks its node's place again, and after a new session (the client's
/// RebuildSessionOnExpiry) it queues a new node at the end.</para>
/// <para>A session that expires while the client is cut off is only reported once the client reaches a server
/// again; meanwhile another candidate may already lead. Use <see cref="LeadershipLossPolicy.OnSuspension"/> when
/// that overlap matters.</para>
/// <para><see cref="LeadershipAcquired"/> and <see cref="LeadershipLost"/> are raised one at a time, in order,
/// from the latch's own task.</para>
/// </remarks>
public sealed class LeaderLatch : IAsyncDisposable
{
    private const string NodeName = "latch-";

    private readonly ZooKeeperClient _client;
    private readonly ILogger _logger;
    private readonly LeadershipLossPolicy _lossPolicy;
    private readonly SerialWorkQueue _work;
    private readonly CancellationTokenSource _closing = new();
    private readonly byte[] _idBytes;
    private readonly object _gate = new();
    private TaskCompletionSource _leadershipGained = NewSignal();
    private int _state; // 0 latent, 1 started, 2 closed
    private bool _hasLeadership;
    private string? _ourPath;

    /// <summary>Creates a latch on the election directory <paramref name="path"/>; call <see cref="StartAsync"/> to take part.</summary>
    /// <param name="client">The client whose session holds the candidate's node.</param>
    /// <param name="path">The election's directory (created when missing).</param>
    /// <param name="options">The candidate's id, loss policy and logger.</param>
    public LeaderLatch(ZooKeeperClient client, string path, LeaderElectionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        RecipePaths.Validate(path);
        _client = client;
        Path = path;
        Id = options?.Id ?? Guid.NewGuid().ToString("D");
        _idBytes = Encoding.UTF8.GetBytes(Id);
        _lossPolicy = options?.LossPolicy ?? LeadershipLossPolicy.OnSessionLoss;
        _logger = options?.Logger ?? NullLogger.Instance;
        _work = new SerialWorkQueue(_logger);
    }

    /// <summary>The election's directory.</summary>
    public string Path { get; }

    /// <summary>This candidate's id.</summary>
    public string Id { get; }

    /// <summary>True while this candidate leads.</summary>
    public bool HasLeadership
    {
        get { lock (_gate) return _hasLeadership; }
    }

    /// <summary>This candidate's node, or null while it has none (not started, between sessions, closed).</summary>
    public string? NodePath
    {
        get { lock (_gate) return _ourPath; }
    }

    /// <summary>Raised when this candidate becomes the leader.</summary>
    public event EventHandler? LeadershipAcquired;

    /// <summary>Raised when this candidate stops leading because of connection trouble (not when the latch is closed).</summary>
    public event EventHandler? LeadershipLost;

    /// <summary>
    /// Joins the election and returns once this candidate's node is queued and its place checked. If that
    /// fails (e.g. a ConnectionLoss), the exception is thrown and the latch, started nonetheless, tries again
    /// after the next reconnect.
    /// </summary>
    /// <exception cref="InvalidOperationException">The latch was started before.</exception>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.CompareExchange(ref _state, 1, 0) != 0) throw new InvalidOperationException("A latch starts only once.");
        _client.StateChanged += OnStateChanged;
        using var joinScope = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _closing.Token);
        await _work.RunAsync(() => JoinAsync(joinScope.Token)).ConfigureAwait(false);
    }

    /// <summary>Waits until this candidate leads.</summary>
    /// <exception cref="ObjectDisposedException">The latch was closed meanwhile.</exception>
    public async Task AwaitLeadershipAsync(CancellationToken cancellationToken = default)
    {
        Task gained;
        lock (_gate) gained = _leadershipGained.Task;
        await gained.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Waits at most <paramref name="timeout"/> until this candidate leads; false when the time ran out.</summary>
    /// <exception cref="ObjectDisposedException">The latch was closed meanwhile.</exception>
    public async Task<bool> AwaitLeadershipAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        using var scope = new TimeoutScope(timeout, cancellationToken);
        try
        {
            await AwaitLeadershipAsync(scope.Token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException) when (scope.TimedOut)
        {
            return false;
        }
    }

    /// <summary>The candidates in election order, the leader first.</summary>
    public async Task<IReadOnlyList<Participant>> GetParticipantsAsync(CancellationToken cancellationToken = default) =>
        await ParticipantReader.ReadAsync(_client, Path, await ListCandidatesAsync(cancellationToken).ConfigureAwait(false), cancellationToken)
            .ConfigureAwait(false);

    /// <summary>The current leader, or null when there is no candidate.</summary>
    public async Task<Participant?> GetLeaderAsync(CancellationToken cancellationToken = default) =>
        (await GetParticipantsAsync(cancellationToken).ConfigureAwait(false)).FirstOrDefault();

    /// <summary>
    /// Leaves the election: deletes this candidate's node (so the next one leads) without raising
    /// <see cref="LeadershipLost"/>, as Curator's silent close. Waiting <see cref="AwaitLeadershipAsync(CancellationToken)"/>
    /// calls fail with <see cref="ObjectDisposedException"/>.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _state, 2) == 2) return;
        _client.StateChanged -= OnStateChanged;
        await _closing.CancelAsync().ConfigureAwait(false);
        _work.Post(async () =>
        {
            string? ourPath;
            lock (_gate)
            {
                _hasLeadership = false;
                ourPath = _ourPath;
                _ourPath = null;
                // Even a latch that led fails its waiters now: it leads no more.
                if (!_leadershipGained.TrySetException(new ObjectDisposedException(nameof(LeaderLatch), "The latch was closed.")))
                {
                    _leadershipGained = NewSignal();
                    _leadershipGained.SetException(new ObjectDisposedException(nameof(LeaderLatch), "The latch was closed."));
                }
            }
            if (ourPath is not null) await NodeRemoval.DeleteSoonAsync(_client, ourPath, _logger).ConfigureAwait(false);
        });
        await _work.DisposeAsync().ConfigureAwait(false);
    }

    private bool IsStarted => Volatile.Read(ref _state) == 1;

    /// <summary>Queues a fresh node (removing an old one) and checks its place.</summary>
    private async Task JoinAsync(CancellationToken cancellationToken)
    {
        if (!IsStarted) return;
        SetLeadership(false);
        string? oldPath;
        lock (_gate)
        {
            oldPath = _ourPath;
            _ourPath = null;
        }
        if (oldPath is not null) await NodeRemoval.DeleteAsync(_client, oldPath, _logger, cancellationToken).ConfigureAwait(false);
        var ourPath = await ProtectedSequentialCreate.CreateAsync(
            _client, Path, NodeName, _idBytes, CreateMode.EphemeralSequential, _logger, cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            if (IsStarted) _ourPath = ourPath;
        }
        if (!IsStarted)
        {
            await NodeRemoval.DeleteSoonAsync(_client, ourPath, _logger).ConfigureAwait(false);
            return;
        }
        await CheckLeadershipAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Leads when our node is first; otherwise watches the node just before it.</summary>
    private async Task CheckLeadershipAsync(CancellationToken cancellationToken)
    {
        while (IsStarted)
        {
            string? ourPath;
            lock (_gate) ourPath = _ourPath;
            if (ourPath is null) return; // no session: the next connection joins again

            var candidates = await ListCandidatesAsync(cancellationToken).ConfigureAwait(false);
            var ourIndex = candidates.IndexOf(ZkPath.Name(ourPath));
            if (ourIndex < 0)
            {
                _logger.LogWarning("Latch node {Path} is gone; joining the election again", ourPath);
                await JoinAsync(cancellationToken).ConfigureAwait(false);
                return;
            }
            if (ourIndex == 0)
            {
                SetLeadership(true);
                return;
            }

            SetLeadership(false);
            var watcher = Watcher.Create(watchedEvent =>
            {
                if (watchedEvent.Type != EventType.None) _work.Post(() => CheckLeadershipAsync(_closing.Token));
            });
            try
            {
                await _client.GetDataAsync(ZkPath.Combine(Path, candidates[ourIndex - 1]), watcher, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (NoNodeException)
            {
                // The predecessor left meanwhile: look again.
            }
        }
    }

    private async Task<List<string>> ListCandidatesAsync(CancellationToken cancellationToken)
    {
        try
        {
            var children = await _client.GetChildrenAsync(Path, cancellationToken: cancellationToken).ConfigureAwait(false);
            return SequentialNodeNames.SortBySequence(children, name => LockNodeNames.Is(name, NodeName));
        }
        catch (NoNodeException)
        {
            return [];
        }
    }

    private void OnStateChanged(object? sender, ConnectionStateChange change) => _work.Post(() => HandleStateChangeAsync(change));

    private async Task HandleStateChangeAsync(ConnectionStateChange change)
    {
        if (!IsStarted) return;
        switch (change.Current)
        {
            case ConnectionState.Suspended when _lossPolicy == LeadershipLossPolicy.OnSuspension:
                SetLeadership(false);
                break;
            case ConnectionState.Lost or ConnectionState.Closed or ConnectionState.AuthFailed:
                // The session's nodes are gone (or going): so is our place in the election.
                lock (_gate) _ourPath = null;
                SetLeadership(false);
                break;
            case ConnectionState.Connected or ConnectionState.ReadOnly when change.Previous == ConnectionState.Lost:
                await JoinAsync(_closing.Token).ConfigureAwait(false);
                break;
            case ConnectionState.Connected or ConnectionState.ReadOnly:
                // Same session: our node should still be there; election by its place (joining again if it is gone).
                if (NodePath is null) await JoinAsync(_closing.Token).ConfigureAwait(false);
                else await CheckLeadershipAsync(_closing.Token).ConfigureAwait(false);
                break;
        }
    }

    private void SetLeadership(bool leading)
    {
        lock (_gate)
        {
            if (_hasLeadership == leading || (leading && !IsStarted)) return;
            _hasLeadership = leading;
            if (leading) _leadershipGained.TrySetResult();
            else if (_leadershipGained.Task.IsCompleted) _leadershipGained = NewSignal();
        }
        _logger.LogInformation("Latch {Path}: {Id} {Change} leadership", Path, Id, leading ? "gained" : "lost");
        try
        {
            (leading ? LeadershipAcquired : LeadershipLost)?.Invoke(this, EventArgs.Empty);
        }
        catch (Exception exception)
        {
            _logger.LogError(exception, "A leadership handler of latch {Path} failed", Path);
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
