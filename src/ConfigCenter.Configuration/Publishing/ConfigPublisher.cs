using System.Text;
using ConfigCenter.Client;
using ConfigCenter.Client.Exceptions;
using ConfigCenter.Client.Helpers;
using ConfigCenter.Client.Operations;
using ConfigCenter.Configuration.Mapping;
using ConfigCenter.Configuration.Sync;
using ConfigCenter.Protocol;
using ConfigCenter.Protocol.Records;

namespace ConfigCenter.Configuration.Publishing;

/// <summary>
/// Writes configuration for <see cref="ZkConfigurationProvider"/> to read: whole documents atomically
/// (<see cref="ImportJsonAsync"/>, one multi), single keys with optimistic concurrency
/// (<see cref="SetAsync"/>, <see cref="DeleteAsync"/> with an expected version). Every write is
/// version-checked against what was read, so two editors never overwrite each other unknowingly: the
/// second gets a <see cref="ConfigVersionConflictException"/>.
/// </summary>
public sealed class ConfigPublisher : IAsyncDisposable
{
    private readonly ZooKeeperClient _client;
    private readonly bool _ownsClient;
    private readonly IReadOnlyList<Acl> _acl;

    /// <summary>Creates a publisher with its own session, opened on first use.</summary>
    public ConfigPublisher(ConfigPublisherOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var clientOptions = new ZooKeeperClientOptions
        {
            ConnectString = options.ConnectString,
            SessionTimeout = options.SessionTimeout,
            ConnectionTimeout = options.ConnectionTimeout,
            LoggerFactory = options.LoggerFactory,
        };
        foreach (var auth in options.AuthInfo) clientOptions.AuthInfo.Add(auth);
        _client = new ZooKeeperClient(clientOptions);
        _ownsClient = true;
        _acl = options.Acl;
    }

    /// <summary>Creates a publisher on a client the caller owns (and disposes).</summary>
    public ConfigPublisher(ZooKeeperClient client, IReadOnlyList<Acl>? acl = null)
    {
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _acl = acl ?? Acl.OpenAclUnsafe;
    }

    /// <summary>
    /// Makes <paramref name="root"/> match the JSON document in one transaction: its keys become znodes
    /// (see <see cref="ImportPlan"/>), everything else under the root is deleted. Readers see the old
    /// configuration or the new one, never a mix.
    /// </summary>
    /// <exception cref="ConfigVersionConflictException">The subtree changed between the read and the write.</exception>
    /// <exception cref="FormatException">The document is not valid JSON or repeats a key.</exception>
    public async Task<ImportResult> ImportJsonAsync(string root, string json, CancellationToken cancellationToken = default)
    {
        ZnodeKeyMapper.ValidateRoot(root);
        ArgumentNullException.ThrowIfNull(json);
        var plan = ImportPlan.FromJson(root, json);
        await ConnectAsync(cancellationToken).ConfigureAwait(false);
        if (root != ZkPath.Root && ZkPath.Parent(root) != ZkPath.Root)
            await _client.EnsurePathAsync(ZkPath.Parent(root), _acl, cancellationToken).ConfigureAwait(false);

        var current = await SubtreeReader.ReadAsync(_client, root, cancellationToken).ConfigureAwait(false);
        var transaction = _client.Transaction();
        var result = plan.AddOperations(transaction, current, _acl);
        if (result.Unchanged) return result;
        if (BeforeImportCommitForTests is { } hook) await hook().ConfigureAwait(false);
        await CommitAsync(transaction, root, cancellationToken).ConfigureAwait(false);
        return result;
    }

    /// <summary>
    /// The configuration under <paramref name="root"/> as a JSON document (as the provider would see it,
    /// from one consistent read): nested objects, arrays for 0..n-1 keys, string values.
    /// </summary>
    /// <exception cref="FormatException">A node holds data the provider cannot read (the message names it).</exception>
    public async Task<string> ExportJsonAsync(string root, CancellationToken cancellationToken = default)
    {
        ZnodeKeyMapper.ValidateRoot(root);
        await ConnectAsync(cancellationToken).ConfigureAwait(false);
        var nodes = await SubtreeReader.ReadConsistentAsync(_client, root, cancellationToken).ConfigureAwait(false);
        var mirror = new SubtreeMirror(root);
        foreach (var node in nodes.Values)
        {
            var value = NodeValueParser.Parse(mirror.KeyOf(node.Path), node.Data);
            if (value.Error is not null) throw new FormatException($"The znode {node.Path} cannot be exported: {value.Error}.");
            mirror.Set(node.Path, new MirroredNode(node.Stat, value));
        }
        return ConfigurationJsonWriter.Write(mirror.BuildConfiguration());
    }

    /// <summary>The znode behind <paramref name="key"/>: its text and the version to pass as expectedVersion; null when absent.</summary>
    public async Task<ConfigEntry?> GetAsync(string root, string key, CancellationToken cancellationToken = default)
    {
        var path = PathOf(root, key);
        await ConnectAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var node = await _client.GetDataAsync(path, cancellationToken: cancellationToken).ConfigureAwait(false);
            return new ConfigEntry(key, path, node.Data.Length == 0 ? null : Encoding.UTF8.GetString(node.Data), node.Stat.Version);
        }
        catch (NoNodeException)
        {
            return null;
        }
    }

    /// <summary>
    /// Stores <paramref name="value"/> as the data of the znode behind <paramref name="key"/> (creating it and
    /// its parents when missing, if no version is expected) and returns the new data version. With
    /// <paramref name="expectedVersion"/>, the write happens only if the znode exists at that version.
    /// The value may be a JSON object or array (flattened under the key); invalid JSON is refused.
    /// </summary>
    /// <exception cref="ConfigVersionConflictException">The znode is at another version, or absent while a version was expected.</exception>
    public async Task<int> SetAsync(string root, string key, string value, int? expectedVersion = null, CancellationToken cancellationToken = default)
    {
        var path = PathOf(root, key);
        ArgumentNullException.ThrowIfNull(value);
        if (expectedVersion < 0) throw new ArgumentOutOfRangeException(nameof(expectedVersion), expectedVersion, "A data version is never negative.");
        if (NodeValueParser.Parse(key, Encoding.UTF8.GetBytes(value)).Error is { } problem)
            throw new ArgumentException($"The value of '{key}' would not be readable: {problem}.", nameof(value));
        var data = Encoding.UTF8.GetBytes(value);
        await ConnectAsync(cancellationToken).ConfigureAwait(false);

        try
        {
            return (await _client.SetDataAsync(path, data, expectedVersion ?? -1, cancellationToken).ConfigureAwait(false)).Version;
        }
        catch (BadVersionException exception)
        {
            throw await ConflictAsync(path, expectedVersion, exception, cancellationToken).ConfigureAwait(false);
        }
        catch (NoNodeException exception) when (expectedVersion is not null)
        {
            throw new ConfigVersionConflictException(path, expectedVersion, null,
                $"'{key}' ({path}) was expected at version {expectedVersion} but does not exist.", exception);
        }
        catch (NoNodeException)
        {
            return await CreateAsync(path, data, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Deletes the znode behind <paramref name="key"/> and everything below it, in one transaction;
    /// false when it did not exist. With <paramref name="expectedVersion"/>, only if the znode is at that version.
    /// </summary>
    /// <exception cref="ConfigVersionConflictException">The znode is at another version, was absent while a version was expected, or its subtree changed meanwhile.</exception>
    public async Task<bool> DeleteAsync(string root, string key, int? expectedVersion = null, CancellationToken cancellationToken = default)
    {
        var path = PathOf(root, key);
        if (expectedVersion < 0) throw new ArgumentOutOfRangeException(nameof(expectedVersion), expectedVersion, "A data version is never negative.");
        await ConnectAsync(cancellationToken).ConfigureAwait(false);
        var subtree = await SubtreeReader.ReadAsync(_client, path, cancellationToken).ConfigureAwait(false);
        if (subtree.Count == 0)
        {
            return expectedVersion is null
                ? false
                : throw new ConfigVersionConflictException(path, expectedVersion, null, $"'{key}' ({path}) was expected at version {expectedVersion} but does not exist.");
        }
        if (expectedVersion is { } expected && subtree[path].Stat.Version != expected)
            throw new ConfigVersionConflictException(path, expected, subtree[path].Stat.Version,
                $"'{key}' ({path}) is at version {subtree[path].Stat.Version}, not {expected}: someone else changed it.");

        var transaction = _client.Transaction();
        foreach (var node in subtree.Values.OrderByDescending(node => ZnodeKeyMapper.Depth(node.Path)))
            transaction.Delete(node.Path, node.Stat.Version);
        await CommitAsync(transaction, path, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>Runs between an import's read and its commit, so tests can make a concurrent edit.</summary>
    internal Func<Task>? BeforeImportCommitForTests { get; set; }

    /// <summary>Closes the session if the publisher opened it.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_ownsClient) await _client.DisposeAsync().ConfigureAwait(false);
    }

    private static string PathOf(string root, string key)
    {
        ZnodeKeyMapper.ValidateRoot(root);
        ArgumentException.ThrowIfNullOrEmpty(key);
        return ZnodeKeyMapper.ToPath(root, key);
    }

    private Task ConnectAsync(CancellationToken cancellationToken) =>
        _client.CurrentState is ConnectionState.Connecting ? _client.ConnectAsync(cancellationToken) : Task.CompletedTask;

    private async Task<int> CreateAsync(string path, byte[] data, CancellationToken cancellationToken)
    {
        await _client.EnsurePathAsync(ZkPath.Parent(path), _acl, cancellationToken).ConfigureAwait(false);
        try
        {
            return (await _client.CreateWithStatAsync(path, data, _acl, CreateMode.Persistent, cancellationToken: cancellationToken).ConfigureAwait(false)).Stat.Version;
        }
        catch (NodeExistsException exception)
        {
            throw new ConfigVersionConflictException(path, null, null, $"{path} was created by someone else meanwhile; read it and try again.", exception);
        }
    }

    private async Task CommitAsync(Transaction transaction, string root, CancellationToken cancellationToken)
    {
        try
        {
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (KeeperException exception) when (exception is BadVersionException or NoNodeException or NodeExistsException or NotEmptyException)
        {
            var where = exception.Path ?? root;
            throw new ConfigVersionConflictException(where, null, null,
                $"The configuration at {root} changed while it was being written ({exception.Code} at {where}); nothing was written. Read it again and retry.",
                exception);
        }
    }

    private async Task<ConfigVersionConflictException> ConflictAsync(string path, int? expected, Exception cause, CancellationToken cancellationToken)
    {
        var actual = await _client.ExistsAsync(path, cancellationToken: cancellationToken).ConfigureAwait(false);
        return new ConfigVersionConflictException(path, expected, actual?.Version,
            $"{path} is at version {actual?.Version.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(deleted)"}, not {expected}: someone else changed it. Read it again and retry.",
            cause);
    }
}
