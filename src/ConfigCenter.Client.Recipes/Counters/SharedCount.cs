using ConfigCenter.Client.Exceptions;
using ConfigCenter.Client.Recipes.Caches;
using ConfigCenter.Client.Recipes.Internal;
using ConfigCenter.Protocol;
using Microsoft.Extensions.Logging;

namespace ConfigCenter.Client.Recipes.Counters;

/// <summary>
/// A 32-bit count shared by every client, as Curator's SharedCount (same 4-byte big-endian format): it is kept
/// in memory and followed by a <see cref="NodeCache"/>, written with compare-and-set on the node version, and
/// every change is reported to <see cref="CountChanged"/>.
/// </summary>
public sealed class SharedCount : IAsyncDisposable
{
    private readonly ZooKeeperClient _client;
    private readonly int _seedValue;
    private readonly NodeCache _cache;

    /// <summary>Creates a shared count on node <paramref name="path"/>; call <see cref="StartAsync"/> before use.</summary>
    /// <param name="client">The client to use.</param>
    /// <param name="path">The count's node.</param>
    /// <param name="seedValue">The value the node is created with when <see cref="StartAsync"/> finds none.</param>
    /// <param name="logger">Where to log; null logs nothing.</param>
    public SharedCount(ZooKeeperClient client, string path, int seedValue, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        RecipePaths.Validate(path);
        _client = client;
        _seedValue = seedValue;
        Path = path;
        _cache = new NodeCache(client, path, logger);
        _cache.Changed += OnNodeChanged;
    }

    /// <summary>The count's node.</summary>
    public string Path { get; }

    /// <summary>The count as last read.</summary>
    public int Count => VersionedValue.Value;

    /// <summary>The count as last read, with its version: the argument <see cref="TrySetCountAsync"/> compares against.</summary>
    public VersionedValue<int> VersionedValue =>
        _cache.Current is { } node ? new VersionedValue<int>(node.Stat.Version, CounterEncoding.DecodeInt(node.Data, Path)) : new(-1, _seedValue);

    /// <summary>Raised, in order, for every new count this instance learns of: its own writes and those its cache reads.</summary>
    public event EventHandler<SharedCountChangedEventArgs>? CountChanged;

    /// <summary>Creates the node with the seed value if it does not exist, then loads and follows it.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await IdempotentNodes.CreateIfMissingAsync(_client, Path, CounterEncoding.EncodeInt(_seedValue), CreateMode.Persistent, cancellationToken)
            .ConfigureAwait(false);
        await _cache.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Writes <paramref name="newCount"/> only if the count is still at the version of <paramref name="previous"/>
    /// (as read from <see cref="VersionedValue"/>); false when someone changed it first. On success
    /// <see cref="VersionedValue"/> holds the new count when this returns.
    /// </summary>
    public async Task<bool> TrySetCountAsync(VersionedValue<int> previous, int newCount, CancellationToken cancellationToken = default)
    {
        try
        {
            var data = CounterEncoding.EncodeInt(newCount);
            var stat = await _client.SetDataAsync(Path, data, previous.Version, cancellationToken).ConfigureAwait(false);
            await _cache.OfferAsync(new ChildData(Path, stat, data)).ConfigureAwait(false);
            return true;
        }
        catch (Exception exception) when (exception is BadVersionException or NoNodeException)
        {
            return false;
        }
    }

    /// <summary>Writes <paramref name="newCount"/> whatever the count was; <see cref="VersionedValue"/> holds it (or a later count) when this returns.</summary>
    public async Task SetCountAsync(int newCount, CancellationToken cancellationToken = default)
    {
        var data = CounterEncoding.EncodeInt(newCount);
        var stat = await ConnectionLossRetry.RunAsync(_client, token => _client.SetDataAsync(Path, data, -1, token), cancellationToken)
            .ConfigureAwait(false);
        await _cache.OfferAsync(new ChildData(Path, stat, data)).ConfigureAwait(false);
    }

    /// <summary>Stops following the count.</summary>
    public ValueTask DisposeAsync() => _cache.DisposeAsync();

    private void OnNodeChanged(object? sender, NodeCacheChangedEventArgs e)
    {
        if (e.Data is not { } node) return;
        CountChanged?.Invoke(this, new SharedCountChangedEventArgs(new VersionedValue<int>(node.Stat.Version, CounterEncoding.DecodeInt(node.Data, Path))));
    }
}
