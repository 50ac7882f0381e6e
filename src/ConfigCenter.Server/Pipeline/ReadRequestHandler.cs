using ConfigCenter.Protocol;
using ConfigCenter.Protocol.Records;
using ConfigCenter.Server.AccessControl;
using ConfigCenter.Server.DataTree;
using ConfigCenter.Server.Watches;

namespace ConfigCenter.Server.Pipeline;

/// <summary>
/// Answers requests that change nothing, from the applied tree (ZooKeeper's FinalRequestProcessor
/// read paths), registering the watches they ask for.
/// </summary>
internal sealed class ReadRequestHandler(ZkDataTree tree)
{
    public Response Handle(IClientConnection connection, OpCode type, Request request) => type switch
    {
        OpCode.Exists => Exists(connection, (ExistsRequest)request),
        OpCode.GetData => GetData(connection, (GetDataRequest)request),
        OpCode.GetChildren => new GetChildrenResponse(GetChildren(connection, (GetChildrenRequest)request, out _)),
        OpCode.GetChildren2 => GetChildren2(connection, (GetChildrenRequest)request),
        OpCode.GetAcl => GetAcl(connection, (GetAclRequest)request),
        OpCode.GetAllChildrenNumber => GetAllChildrenNumber(connection, (GetAllChildrenNumberRequest)request),
        OpCode.GetEphemerals => GetEphemerals(connection, (GetEphemeralsRequest)request),
        OpCode.Sync => new SyncResponse(((SyncRequest)request).Path),
        OpCode.MultiRead => MultiRead(connection, (MultiRequest)request),
        OpCode.AddWatch => AddWatch(connection, (AddWatchRequest)request),
        OpCode.CheckWatches => CheckWatches(connection, (RemoveWatchesRequest)request, remove: false),
        OpCode.RemoveWatches => CheckWatches(connection, (RemoveWatchesRequest)request, remove: true),
        OpCode.WhoAmI => WhoAmI(connection),
        _ => throw new KeeperErrorException(ErrorCode.Unimplemented),
    };

    /// <summary>
    /// Re-registers a reconnecting client's watches, first firing those whose event it missed since
    /// relativeZxid (the last zxid it saw), as DataTree.setWatches does.
    /// </summary>
    public void SetWatches(IClientConnection connection, SetWatchesRequest request)
    {
        var since = request.RelativeZxid;
        foreach (var path in request.DataWatches)
        {
            var node = tree.GetNode(path);
            if (node is null) Notify(connection, EventType.NodeDeleted, path);
            else if (node.Mzxid > since) Notify(connection, EventType.NodeDataChanged, path);
            else tree.DataWatches.Add(path, connection, WatchMode.Standard);
        }
        foreach (var path in request.ExistWatches)
        {
            if (tree.GetNode(path) is not null) Notify(connection, EventType.NodeCreated, path);
            else tree.DataWatches.Add(path, connection, WatchMode.Standard);
        }
        foreach (var path in request.ChildWatches)
        {
            var node = tree.GetNode(path);
            if (node is null) Notify(connection, EventType.NodeDeleted, path);
            else if (node.Pzxid > since) Notify(connection, EventType.NodeChildrenChanged, path);
            else tree.ChildWatches.Add(path, connection, WatchMode.Standard);
        }
        foreach (var path in request.PersistentWatches)
        {
            tree.ChildWatches.Add(path, connection, WatchMode.Persistent);
            tree.DataWatches.Add(path, connection, WatchMode.Persistent);
        }
        foreach (var path in request.PersistentRecursiveWatches)
            tree.DataWatches.Add(path, connection, WatchMode.PersistentRecursive);
    }

    private StatResponse Exists(IClientConnection connection, ExistsRequest request)
    {
        var path = request.Path;
        if (path.Contains('\0')) throw new KeeperErrorException(ErrorCode.BadArguments, path);
        var node = tree.GetNode(path);
        // ZooKeeper 3.8.0, our reference, checks no ACL on exists (3.8.4 added a READ check, ZOOKEEPER-2590).
        // An exists watch is set whether or not the node exists: it fires on creation.
        if (request.Watch) tree.DataWatches.Add(path, connection, WatchMode.Standard);
        if (node is null) throw new KeeperErrorException(ErrorCode.NoNode, path);
        return new StatResponse(node.ToStat());
    }

    private GetDataResponse GetData(IClientConnection connection, GetDataRequest request)
    {
        var node = RequireReadable(connection, request.Path);
        if (request.Watch) tree.DataWatches.Add(request.Path, connection, WatchMode.Standard);
        return new GetDataResponse(node.Data, node.ToStat());
    }

    private List<string> GetChildren(IClientConnection connection, GetChildrenRequest request, out DataNode node)
    {
        node = RequireReadable(connection, request.Path);
        if (request.Watch) tree.ChildWatches.Add(request.Path, connection, WatchMode.Standard);
        return [.. node.Children];
    }

    private GetChildren2Response GetChildren2(IClientConnection connection, GetChildrenRequest request)
    {
        var children = GetChildren(connection, request, out var node);
        return new GetChildren2Response(children, node.ToStat());
    }

    private GetAclResponse GetAcl(IClientConnection connection, GetAclRequest request)
    {
        var node = tree.GetNode(request.Path) ?? throw new KeeperErrorException(ErrorCode.NoNode, request.Path);
        CheckAcl(node, Perms.Read | Perms.Admin, connection);
        var acl = node.Acl;
        // Without ADMIN a reader sees digest ids with their hash masked, as ZooKeeper shows them.
        if (!AclChecker.IsAllowed(node.Acl, Perms.Admin, connection.Identities))
        {
            acl = acl.Select(a => a.Id.Scheme == DigestAuthentication.Scheme
                ? a with { Id = a.Id with { Value = MaskDigest(a.Id.Value) } }
                : a).ToList();
        }
        return new GetAclResponse(acl, node.ToStat());
    }

    private GetAllChildrenNumberResponse GetAllChildrenNumber(IClientConnection connection, GetAllChildrenNumberRequest request)
    {
        RequireReadable(connection, request.Path);
        return new GetAllChildrenNumberResponse(tree.CountDescendants(request.Path));
    }

    private GetEphemeralsResponse GetEphemerals(IClientConnection connection, GetEphemeralsRequest request)
    {
        var prefix = request.PrefixPath.Trim();
        var all = tree.EphemeralsOf(connection.SessionId);
        var matching = prefix.Length == 0 || prefix == ZkPath.Root
            ? all.ToList()
            : all.Where(p => p.StartsWith(request.PrefixPath, StringComparison.Ordinal)).ToList();
        return new GetEphemeralsResponse(matching);
    }

    private MultiResponse MultiRead(IClientConnection connection, MultiRequest request)
    {
        var results = new List<MultiResult>(request.Ops.Count);
        foreach (var op in request.Ops)
        {
            try
            {
                results.Add(op.Type switch
                {
                    OpCode.GetData => new MultiResult(OpCode.GetData, ErrorCode.Ok, GetData(connection, (GetDataRequest)op.Request)),
                    OpCode.GetChildren => new MultiResult(OpCode.GetChildren, ErrorCode.Ok,
                        new GetChildrenResponse(GetChildren(connection, (GetChildrenRequest)op.Request, out _))),
                    _ => throw new InvalidOperationException("unreachable: checked by the caller"),
                });
            }
            catch (KeeperErrorException e)
            {
                results.Add(MultiResult.Error(e.Code));
            }
        }
        return new MultiResponse(results);
    }

    private ErrorResponse AddWatch(IClientConnection connection, AddWatchRequest request)
    {
        switch (request.Mode)
        {
            case AddWatchMode.Persistent:
                tree.DataWatches.Add(request.Path, connection, WatchMode.Persistent);
                tree.ChildWatches.Add(request.Path, connection, WatchMode.Persistent);
                break;
            case AddWatchMode.PersistentRecursive:
                tree.DataWatches.Add(request.Path, connection, WatchMode.PersistentRecursive);
                break;
            default:
                throw new KeeperErrorException(ErrorCode.MarshallingError, request.Path);
        }
        return new ErrorResponse(ErrorCode.Ok);
    }

    private EmptyResponse CheckWatches(IClientConnection connection, RemoveWatchesRequest request, bool remove)
    {
        const WatchMode anyMode = WatchMode.Standard | WatchMode.Persistent | WatchMode.PersistentRecursive;
        var (data, child) = request.Type switch
        {
            WatcherType.Children => (WatchMode.None, anyMode),
            WatcherType.Data => (anyMode, WatchMode.None),
            WatcherType.Any => (anyMode, anyMode),
            WatcherType.Persistent => (WatchMode.Persistent, WatchMode.Persistent),
            WatcherType.PersistentRecursive => (WatchMode.PersistentRecursive, WatchMode.None),
            _ => throw new KeeperErrorException(ErrorCode.MarshallingError, request.Path),
        };
        var found = remove
            ? tree.DataWatches.Remove(request.Path, connection, data) | tree.ChildWatches.Remove(request.Path, connection, child)
            : tree.DataWatches.Contains(request.Path, connection, data) || tree.ChildWatches.Contains(request.Path, connection, child);
        if (!found) throw new KeeperErrorException(ErrorCode.NoWatcher, request.Path);
        return EmptyResponse.Instance;
    }

    private static WhoAmIResponse WhoAmI(IClientConnection connection) =>
        new(connection.Identities.Select(id => new ClientInfo(id.Scheme, UserOf(id))).ToList());

    private static string UserOf(Id id) => id.Scheme switch
    {
        DigestAuthentication.Scheme => id.Value.Split(':')[0],
        IpAuthentication.Scheme => id.Value,
        _ => "",
    };

    private DataNode RequireReadable(IClientConnection connection, string path)
    {
        var node = tree.GetNode(path) ?? throw new KeeperErrorException(ErrorCode.NoNode, path);
        CheckAcl(node, Perms.Read, connection);
        return node;
    }

    private static void CheckAcl(DataNode node, Perms perms, IClientConnection connection)
    {
        if (!AclChecker.IsAllowed(node.Acl, perms, connection.Identities)) throw new KeeperErrorException(ErrorCode.NoAuth);
    }

    private static void Notify(IClientConnection connection, EventType type, string path) =>
        connection.Notify(new WatcherEvent(type, KeeperState.SyncConnected, path));

    private static string MaskDigest(string id)
    {
        var colon = id.IndexOf(':');
        return colon < 0 ? id : id[..(colon + 1)] + "x";
    }
}
