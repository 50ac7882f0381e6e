using ConfigCenter.Client.Exceptions;
using ConfigCenter.Client.Helpers;
using ConfigCenter.Client.Recipes.Internal;
using ConfigCenter.Protocol;
using ConfigCenter.Protocol.Records;

namespace ConfigCenter.Client.Recipes.Counters;

/// <summary>
/// A 64-bit counter in one node, updated optimistically as Curator's DistributedAtomicLong (same 8-byte
/// big-endian format): read the value and its version, write the new value conditionally on that version,
/// and on BadVersion (someone else wrote first) read again and retry. A missing node reads as 0.
/// </summary>
/// <remarks>
/// A write whose reply is lost to a ConnectionLoss may or may not have been applied, and no retry could tell:
/// <see cref="AddAsync"/> then throws the ConnectionLossException rather than risk counting twice.
/// </remarks>
public sealed class DistributedAtomicLong
{
    private static readonly TimeSpan MaxPause = TimeSpan.FromMilliseconds(200);

    private readonly ZooKeeperClient _client;

    /// <summary>Creates a counter on node <paramref name="path"/>; nothing is sent yet.</summary>
    /// <param name="client">The client to use.</param>
    /// <param name="path">The counter's node (created, with parents, on the first write).</param>
    public DistributedAtomicLong(ZooKeeperClient client, string path)
    {
        ArgumentNullException.ThrowIfNull(client);
        RecipePaths.Validate(path);
        _client = client;
        Path = path;
    }

    /// <summary>The counter's node.</summary>
    public string Path { get; }

    /// <summary>The current value (0 when the node does not exist).</summary>
    public async Task<long> GetAsync(CancellationToken cancellationToken = default) =>
        (await GetVersionedAsync(cancellationToken).ConfigureAwait(false)).Value;

    /// <summary>The current value with its version (-1 when the node does not exist), for <see cref="TrySetAsync"/>.</summary>
    public async Task<VersionedValue<long>> GetVersionedAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            var node = await ConnectionLossRetry.RunAsync(_client, token => _client.GetDataAsync(Path, cancellationToken: token), cancellationToken)
                .ConfigureAwait(false);
            return new VersionedValue<long>(node.Stat.Version, CounterEncoding.DecodeLong(node.Data, Path));
        }
        catch (NoNodeException)
        {
            return new VersionedValue<long>(-1, 0);
        }
    }

    /// <summary>Writes <paramref name="newValue"/> only if the node is still at the version of <paramref name="expected"/>; false otherwise.</summary>
    public async Task<bool> TrySetAsync(VersionedValue<long> expected, long newValue, CancellationToken cancellationToken = default)
    {
        try
        {
            await WriteAsync(expected.Version, newValue, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception exception) when (exception is BadVersionException or NodeExistsException or NoNodeException)
        {
            return false;
        }
    }

    /// <summary>Sets the value to <paramref name="newValue"/> if it equals <paramref name="expectedValue"/>, retrying when the node changes underneath.</summary>
    public Task<AtomicUpdate> CompareAndSetAsync(long expectedValue, long newValue, CancellationToken cancellationToken = default) =>
        UpdateAsync(current => current == expectedValue ? newValue : null, cancellationToken);

    /// <summary>Adds <paramref name="delta"/> (retrying until no one else wrote in between); returns the values before and after.</summary>
    public Task<AtomicUpdate> AddAsync(long delta, CancellationToken cancellationToken = default) =>
        UpdateAsync(current => current + delta, cancellationToken);

    /// <summary>Adds one.</summary>
    public Task<AtomicUpdate> IncrementAsync(CancellationToken cancellationToken = default) => AddAsync(1, cancellationToken);

    /// <summary>Subtracts one.</summary>
    public Task<AtomicUpdate> DecrementAsync(CancellationToken cancellationToken = default) => AddAsync(-1, cancellationToken);

    /// <summary>Sets the value whatever it was.</summary>
    public async Task ForceSetAsync(long value, CancellationToken cancellationToken = default)
    {
        try
        {
            await ConnectionLossRetry.RunAsync(_client, token => _client.SetDataAsync(Path, CounterEncoding.EncodeLong(value), -1, token), cancellationToken)
                .ConfigureAwait(false);
        }
        catch (NoNodeException)
        {
            if (!await IdempotentNodes.CreateIfMissingAsync(_client, Path, CounterEncoding.EncodeLong(value), CreateMode.Persistent, cancellationToken)
                    .ConfigureAwait(false))
                await ForceSetAsync(value, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The optimistic loop: <paramref name="next"/> maps the current value to the new one, or null to give up.</summary>
    private async Task<AtomicUpdate> UpdateAsync(Func<long, long?> next, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var current = await GetVersionedAsync(cancellationToken).ConfigureAwait(false);
            if (next(current.Value) is not { } newValue) return new AtomicUpdate(false, current.Value, current.Value);
            try
            {
                await WriteAsync(current.Version, newValue, cancellationToken).ConfigureAwait(false);
                return new AtomicUpdate(true, current.Value, newValue);
            }
            catch (Exception exception) when (exception is BadVersionException or NodeExistsException or NoNodeException)
            {
                // Someone wrote (or created, or deleted) in between: read again. A short random pause spreads out hot contention.
                if (attempt > 0) await Task.Delay(PauseBefore(attempt), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Creates the node when it did not exist (version -1), else writes conditionally on the version.</summary>
    private async Task WriteAsync(int version, long value, CancellationToken cancellationToken)
    {
        var data = CounterEncoding.EncodeLong(value);
        if (version >= 0)
        {
            await _client.SetDataAsync(Path, data, version, cancellationToken).ConfigureAwait(false);
            return;
        }
        try
        {
            await _client.CreateAsync(Path, data, Acl.OpenAclUnsafe, CreateMode.Persistent, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (NoNodeException)
        {
            await _client.EnsurePathAsync(ZkPath.Parent(Path), cancellationToken: cancellationToken).ConfigureAwait(false);
            await _client.CreateAsync(Path, data, Acl.OpenAclUnsafe, CreateMode.Persistent, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
    }

    private static TimeSpan PauseBefore(int attempt) =>
        TimeSpan.FromMilliseconds(Math.Min(MaxPause.TotalMilliseconds, 2 * Math.Pow(2, Math.Min(attempt, 10))) * Random.Shared.NextDouble());
}
