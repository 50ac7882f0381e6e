using ConfigCenter.Client.Exceptions;
using ConfigCenter.Client.Operations;
using ConfigCenter.Client.Watches;
using ConfigCenter.Protocol;
using ConfigCenter.Protocol.Records;

namespace ConfigCenter.Client;

// Node operations: create, delete, exists, getData, setData, getChildren.
public sealed partial class ZooKeeperClient
{
    /// <summary>Creates a node and returns its actual path (with the sequence suffix for sequential modes).</summary>
    /// <param name="path">The node's path; for sequential modes, the prefix the server appends 10 digits to.</param>
    /// <param name="data">The initial data (null is stored as null).</param>
    /// <param name="acl">The node's ACL, e.g. <see cref="Acl.OpenAclUnsafe"/>.</param>
    /// <param name="mode">Persistent, ephemeral, sequential, container or TTL.</param>
    /// <param name="ttl">For the TTL modes only: how long the node may stay without changes or children.</param>
    /// <param name="cancellationToken">Stops waiting; a request already sent may still be applied.</param>
    /// <exception cref="NodeExistsException">The node exists.</exception>
    /// <exception cref="NoNodeException">The parent does not exist.</exception>
    public async Task<string> CreateAsync(
        string path, byte[]? data, IReadOnlyList<Acl> acl, CreateMode mode = CreateMode.Persistent, TimeSpan? ttl = null,
        CancellationToken cancellationToken = default)
    {
        var created = await CreateCoreAsync(path, data, acl, mode, ttl, withStat: false, cancellationToken).ConfigureAwait(false);
        return created.Path;
    }

    /// <summary>Creates a node (create2) and returns its actual path and status.</summary>
    /// <inheritdoc cref="CreateAsync" path="/param"/>
    /// <exception cref="NodeExistsException">The node exists.</exception>
    /// <exception cref="NoNodeException">The parent does not exist.</exception>
    public async Task<CreatedNode> CreateWithStatAsync(
        string path, byte[]? data, IReadOnlyList<Acl> acl, CreateMode mode = CreateMode.Persistent, TimeSpan? ttl = null,
        CancellationToken cancellationToken = default)
    {
        var created = await CreateCoreAsync(path, data, acl, mode, ttl, withStat: true, cancellationToken).ConfigureAwait(false);
        return new CreatedNode(created.Path, created.Stat!.Value);
    }

    /// <summary>Deletes a node, only if its version matches (-1 matches any).</summary>
    /// <exception cref="NoNodeException">The node does not exist.</exception>
    /// <exception cref="BadVersionException">The version did not match.</exception>
    /// <exception cref="NotEmptyException">The node has children.</exception>
    public Task DeleteAsync(string path, int version = -1, CancellationToken cancellationToken = default)
    {
        PathArguments.Validate(path);
        return SendAsync(OpCode.Delete, new DeleteRequest(ChrootPath.ToServer(path), version), path,
            (err, ref _) =>
            {
                Replies.ThrowIfError(err, path);
                return true;
            }, cancellationToken);
    }

    /// <summary>
    /// The node's status, or null when it does not exist. With a watcher, the watcher fires once when the
    /// node is created (if absent), or changes or is deleted (if present).
    /// </summary>
    public Task<Stat?> ExistsAsync(string path, IWatcher? watcher = null, CancellationToken cancellationToken = default)
    {
        PathArguments.Validate(path);
        var request = new ExistsRequest(ChrootPath.ToServer(path), watcher is not null);
        var watch = watcher is null ? null : new WatchRegistration(WatchKind.Data, path, watcher, IsExists: true);
        return WithReadRetry(token => SendAsync<Stat?>(OpCode.Exists, request, path,
            (err, ref body) =>
            {
                if (err == ErrorCode.NoNode) return null;
                Replies.ThrowIfError(err, path);
                return StatResponse.Read(ref body).Stat;
            }, token, watch), cancellationToken);
    }

    /// <summary>The node's data and status; a watcher fires once when the node changes or is deleted.</summary>
    /// <exception cref="NoNodeException">The node does not exist (no watch is set then).</exception>
    public Task<NodeData> GetDataAsync(string path, IWatcher? watcher = null, CancellationToken cancellationToken = default)
    {
        PathArguments.Validate(path);
        var request = new GetDataRequest(ChrootPath.ToServer(path), watcher is not null);
        var watch = watcher is null ? null : new WatchRegistration(WatchKind.Data, path, watcher);
        return WithReadRetry(token => SendAsync(OpCode.GetData, request, path,
            (err, ref body) =>
            {
                Replies.ThrowIfError(err, path);
                var response = GetDataResponse.Read(ref body);
                return new NodeData(Replies.DataOrEmpty(response.Data), response.Stat);
            }, token, watch), cancellationToken);
    }

    /// <summary>Replaces the node's data, only if its version matches (-1 matches any); returns the new status.</summary>
    /// <exception cref="NoNodeException">The node does not exist.</exception>
    /// <exception cref="BadVersionException">The version did not match.</exception>
    public Task<Stat> SetDataAsync(string path, byte[]? data, int version = -1, CancellationToken cancellationToken = default)
    {
        PathArguments.Validate(path);
        return SendAsync(OpCode.SetData, new SetDataRequest(ChrootPath.ToServer(path), data, version), path,
            (err, ref body) =>
            {
                Replies.ThrowIfError(err, path);
                return StatResponse.Read(ref body).Stat;
            }, cancellationToken);
    }

    /// <summary>The names of the node's children; a watcher fires once when a child is added or removed or the node is deleted.</summary>
    /// <exception cref="NoNodeException">The node does not exist.</exception>
    public async Task<IReadOnlyList<string>> GetChildrenAsync(string path, IWatcher? watcher = null, CancellationToken cancellationToken = default)
    {
        PathArguments.Validate(path);
        var request = new GetChildrenRequest(ChrootPath.ToServer(path), watcher is not null);
        var watch = watcher is null ? null : new WatchRegistration(WatchKind.Child, path, watcher);
        return await WithReadRetry(token => SendAsync(OpCode.GetChildren, request, path,
            (err, ref body) =>
            {
                Replies.ThrowIfError(err, path);
                return GetChildrenResponse.Read(ref body).Children;
            }, token, watch), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The node's children and its status (getChildren2); the watcher works as in <see cref="GetChildrenAsync"/>.</summary>
    /// <exception cref="NoNodeException">The node does not exist.</exception>
    public Task<NodeChildren> GetChildrenWithStatAsync(string path, IWatcher? watcher = null, CancellationToken cancellationToken = default)
    {
        PathArguments.Validate(path);
        var request = new GetChildrenRequest(ChrootPath.ToServer(path), watcher is not null);
        var watch = watcher is null ? null : new WatchRegistration(WatchKind.Child, path, watcher);
        return WithReadRetry(token => SendAsync(OpCode.GetChildren2, request, path,
            (err, ref body) =>
            {
                Replies.ThrowIfError(err, path);
                var response = GetChildren2Response.Read(ref body);
                return new NodeChildren(response.Children, response.Stat);
            }, token, watch), cancellationToken);
    }

    /// <summary>How many nodes lie below the node, at any depth.</summary>
    /// <exception cref="NoNodeException">The node does not exist.</exception>
    public Task<int> GetAllChildrenNumberAsync(string path, CancellationToken cancellationToken = default)
    {
        PathArguments.Validate(path);
        var request = new GetAllChildrenNumberRequest(ChrootPath.ToServer(path));
        return WithReadRetry(token => SendAsync(OpCode.GetAllChildrenNumber, request, path,
            (err, ref body) =>
            {
                Replies.ThrowIfError(err, path);
                return GetAllChildrenNumberResponse.Read(ref body).TotalNumber;
            }, token), cancellationToken);
    }

    /// <summary>
    /// The paths of this session's ephemeral nodes whose path starts with <paramref name="prefixPath"/>
    /// (a string prefix, as the server matches it). Unlike the Java client, the chroot is applied both ways.
    /// </summary>
    public Task<IReadOnlyList<string>> GetEphemeralsAsync(string prefixPath = "/", CancellationToken cancellationToken = default)
    {
        PathArguments.Validate(prefixPath, parameterName: nameof(prefixPath));
        var request = new GetEphemeralsRequest(ChrootPath.ToServer(prefixPath));
        return WithReadRetry(token => SendAsync<IReadOnlyList<string>>(OpCode.GetEphemerals, request, prefixPath,
            (err, ref body) =>
            {
                Replies.ThrowIfError(err, prefixPath);
                var paths = GetEphemeralsResponse.Read(ref body).Ephemerals;
                return [.. paths.Where(ChrootPath.Contains).Select(ChrootPath.ToClient)];
            }, token), cancellationToken);
    }

    private Task<CreateResult> CreateCoreAsync(
        string path, byte[]? data, IReadOnlyList<Acl> acl, CreateMode mode, TimeSpan? ttl, bool withStat, CancellationToken cancellationToken)
    {
        PathArguments.Validate(path, mode.IsSequential());
        var (opCode, request) = CreateRequests.Build(ChrootPath.ToServer(path), data, acl, mode, ttl, withStat);
        return SendAsync(opCode, request, path,
            (err, ref body) =>
            {
                Replies.ThrowIfError(err, path);
                if (!CreateRequests.RepliesWithStat(opCode)) return new CreateResult(ChrootPath.ToClient(CreateResponse.Read(ref body).Path), null);
                var response = Create2Response.Read(ref body);
                return new CreateResult(ChrootPath.ToClient(response.Path), response.Stat);
            }, cancellationToken);
    }

    /// <summary>Reads are idempotent: the retry policy may repeat them after a ConnectionLoss.</summary>
    private Task<T> WithReadRetry<T>(Func<CancellationToken, Task<T>> read, CancellationToken cancellationToken) =>
        _options.RetryPolicy.ExecuteAsync(read, cancellationToken);
}
