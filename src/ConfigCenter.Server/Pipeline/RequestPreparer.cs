using System.Globalization;
using ConfigCenter.Protocol;
using ConfigCenter.Protocol.Records;
using ConfigCenter.Server.AccessControl;
using ConfigCenter.Server.DataTree;
using ConfigCenter.Server.Sessions;
using ZkAcl = ConfigCenter.Protocol.Records.Acl;

namespace ConfigCenter.Server.Pipeline;

/// <summary>
/// Turns a write request into the transaction that carries it out, checking it against the tree
/// as pending transactions will leave it (ZooKeeper's PrepRequestProcessor). The checks run in
/// ZooKeeper's order, so the first failing check decides the error code, as it does there.
/// </summary>
internal sealed class RequestPreparer(ZkDataTree tree, PendingChanges pending, SessionTracker sessions, bool extendedTypesEnabled)
{
    /// <summary>Who is asking: the session and the identities its connection authenticated.</summary>
    internal readonly record struct Caller(long SessionId, IReadOnlyList<Id> Identities);

    /// <summary>The transaction for the request; an <see cref="ErrorTxn"/> when a check fails.</summary>
    public Txn Prepare(Caller caller, OpCode type, Request request, long zxid)
    {
        if (type == OpCode.Multi) return PrepareMulti(caller, (MultiRequest)request, zxid);
        try
        {
            return PrepareOne(caller, type, request, zxid);
        }
        catch (KeeperErrorException e)
        {
            return new ErrorTxn(e.Code);
        }
    }

    public CloseSessionTxn PrepareCloseSession(long sessionId, long zxid)
    {
        // Ephemerals as pending transactions will leave them: the tree's, plus pending creates, minus pending deletes.
        var paths = new SortedSet<string>(tree.EphemeralsOf(sessionId), StringComparer.Ordinal);
        var deleted = paths.Where(p => pending.Get(p) is null).ToList();
        foreach (var path in deleted) paths.Remove(path);
        foreach (var change in pending.Changed)
        {
            if (change is { Exists: true } && change.EphemeralOwner == sessionId) paths.Add(change.Path);
        }
        foreach (var path in paths.ToList())
        {
            var parentPath = ZkPath.Parent(path);
            var parent = pending.Get(parentPath);
            if (parent is not null) pending.Add(parent with { Zxid = zxid, ChildCount = parent.ChildCount - 1 });
            pending.Add(new ChangeRecord(path, zxid, false, 0, 0, 0, 0, 0, []));
        }
        if (sessions.Get(sessionId) is { } session) session.Closing = true;
        return new CloseSessionTxn(paths.ToList());
    }

    private Txn PrepareMulti(Caller caller, MultiRequest multi, long zxid)
    {
        var checkpoint = pending.Save();
        var entries = new List<MultiTxnEntry>(multi.Ops.Count);
        var failedAt = -1;
        var failure = ErrorCode.Ok;
        for (var i = 0; i < multi.Ops.Count; i++)
        {
            var op = multi.Ops[i];
            try
            {
                CheckMultiOpType(op.Type);
                entries.Add(new MultiTxnEntry(op.Type, PrepareOne(caller, op.Type, op.Request, zxid)));
            }
            catch (KeeperErrorException e)
            {
                failedAt = i;
                failure = e.Code;
                break;
            }
        }
        if (failedAt < 0) return new MultiTxn(entries);

        // All or nothing: undo what the earlier ops prepared, and report every op as ZooKeeper does:
        // Ok before the failing op, its code at it, RuntimeInconsistency after it.
        pending.Restore(checkpoint);
        var errors = new List<MultiTxnEntry>(multi.Ops.Count);
        for (var i = 0; i < multi.Ops.Count; i++)
        {
            var code = i < failedAt ? ErrorCode.Ok : i == failedAt ? failure : ErrorCode.RuntimeInconsistency;
            errors.Add(new MultiTxnEntry(OpCode.Error, new ErrorTxn(code)));
        }
        return new MultiTxn(errors);
    }

    private static void CheckMultiOpType(OpCode type)
    {
        // Reads are decoded in a multi but only multiRead may carry them.
        if (type is OpCode.GetData or OpCode.GetChildren) throw new KeeperErrorException(ErrorCode.BadArguments);
    }

    private Txn PrepareOne(Caller caller, OpCode type, Request request, long zxid) => type switch
    {
        OpCode.Create or OpCode.Create2 or OpCode.CreateContainer or OpCode.CreateTtl => PrepareCreate(caller, type, (CreateRequest)request, zxid),
        OpCode.Delete => PrepareDelete(caller, (DeleteRequest)request, zxid),
        OpCode.SetData => PrepareSetData(caller, (SetDataRequest)request, zxid),
        OpCode.SetAcl => PrepareSetAcl(caller, (SetAclRequest)request, zxid),
        OpCode.Check => PrepareCheck(caller, (CheckVersionRequest)request),
        _ => throw new KeeperErrorException(ErrorCode.Unimplemented),
    };

    private Txn PrepareCreate(Caller caller, OpCode type, CreateRequest request, long zxid)
    {
        var mode = (CreateMode)request.Flags;
        var path = request.Path;
        if (!mode.IsValid()) throw new KeeperErrorException(ErrorCode.BadArguments, path);
        if (mode.IsTtl() && !extendedTypesEnabled) throw new KeeperErrorException(ErrorCode.Unimplemented, path);
        var ttl = request.Ttl ?? -1;
        if (mode.IsTtl() ? !EphemeralOwners.IsValidTtl(ttl) : ttl >= 0) throw new KeeperErrorException(ErrorCode.BadArguments, path);
        // ZooKeeper would fail while applying a createTTL whose flags are not a TTL mode; refuse it up front.
        if (type == OpCode.CreateTtl && !mode.IsTtl()) throw new KeeperErrorException(ErrorCode.BadArguments, path);
        CheckSession(caller.SessionId);

        var lastSlash = path.LastIndexOf('/');
        if (lastSlash < 0 || path.Contains('\0')) throw new KeeperErrorException(ErrorCode.BadArguments, path);
        var parentPath = lastSlash == 0 ? ZkPath.Root : path[..lastSlash];
        var acl = AclChecker.Fixup(request.Acl, caller.Identities) ?? throw new KeeperErrorException(ErrorCode.InvalidAcl, path);
        var parent = pending.Get(parentPath) ?? throw new KeeperErrorException(ErrorCode.NoNode, path);
        CheckAcl(parent.Acl, Perms.Create, caller);

        if (mode.IsSequential()) path += FormatSequence(parent.Cversion);
        if (!ZkPath.IsValid(path)) throw new KeeperErrorException(ErrorCode.BadArguments, path);
        if (pending.Get(path) is not null) throw new KeeperErrorException(ErrorCode.NodeExists, path);
        if (EphemeralOwners.IsSessionOwned(parent.EphemeralOwner)) throw new KeeperErrorException(ErrorCode.NoChildrenForEphemerals, path);

        var newCversion = parent.Cversion + 1;
        // As in ZooKeeper the opcode, not the flags, picks the kind of node: container flags sent
        // with a plain create make a persistent node.
        var owner = type == OpCode.CreateContainer ? EphemeralOwners.Container
            : type == OpCode.CreateTtl ? EphemeralOwners.ForTtl(ttl)
            : mode.IsEphemeral() ? caller.SessionId
            : 0;
        pending.Add(parent with { Zxid = zxid, ChildCount = parent.ChildCount + 1, Cversion = newCversion });
        pending.Add(new ChangeRecord(path, zxid, true, 0, 0, 0, owner, 0, acl));

        return type switch
        {
            OpCode.CreateContainer => new CreateContainerTxn(path, request.Data, acl, newCversion),
            OpCode.CreateTtl => new CreateTtlTxn(path, request.Data, acl, newCversion, ttl),
            _ => new CreateTxn(path, request.Data, acl, mode.IsEphemeral(), newCversion),
        };
    }

    private Txn PrepareDelete(Caller caller, DeleteRequest request, long zxid)
    {
        CheckSession(caller.SessionId);
        var path = request.Path;
        var parentPath = ParentForChange(path);
        var parent = pending.Get(parentPath) ?? throw new KeeperErrorException(ErrorCode.NoNode, path);
        CheckAcl(parent.Acl, Perms.Delete, caller);
        var node = pending.Get(path) ?? throw new KeeperErrorException(ErrorCode.NoNode, path);
        CheckVersion(node.Version, request.Version, path);
        if (node.ChildCount > 0) throw new KeeperErrorException(ErrorCode.NotEmpty, path);

        pending.Add(parent with { Zxid = zxid, ChildCount = parent.ChildCount - 1 });
        pending.Add(new ChangeRecord(path, zxid, false, 0, 0, 0, 0, 0, []));
        return new DeleteTxn(path);
    }

    private Txn PrepareSetData(Caller caller, SetDataRequest request, long zxid)
    {
        CheckSession(caller.SessionId);
        var path = request.Path;
        if (!ZkPath.IsValid(path)) throw new KeeperErrorException(ErrorCode.BadArguments, path);
        var node = pending.Get(path) ?? throw new KeeperErrorException(ErrorCode.NoNode, path);
        CheckAcl(node.Acl, Perms.Write, caller);
        var newVersion = CheckVersion(node.Version, request.Version, path);
        pending.Add(node with { Zxid = zxid, Version = newVersion });
        return new SetDataTxn(path, request.Data, newVersion);
    }

    private Txn PrepareSetAcl(Caller caller, SetAclRequest request, long zxid)
    {
        CheckSession(caller.SessionId);
        var path = request.Path;
        if (!ZkPath.IsValid(path)) throw new KeeperErrorException(ErrorCode.BadArguments, path);
        var acl = AclChecker.Fixup(request.Acl, caller.Identities) ?? throw new KeeperErrorException(ErrorCode.InvalidAcl, path);
        var node = pending.Get(path) ?? throw new KeeperErrorException(ErrorCode.NoNode, path);
        CheckAcl(node.Acl, Perms.Admin, caller);
        var newVersion = CheckVersion(node.Aversion, request.Version, path);
        pending.Add(node with { Zxid = zxid, Aversion = newVersion, Acl = acl });
        return new SetAclTxn(path, acl, newVersion);
    }

    private Txn PrepareCheck(Caller caller, CheckVersionRequest request)
    {
        CheckSession(caller.SessionId);
        var path = request.Path;
        if (!ZkPath.IsValid(path)) throw new KeeperErrorException(ErrorCode.BadArguments, path);
        var node = pending.Get(path) ?? throw new KeeperErrorException(ErrorCode.NoNode, path);
        CheckAcl(node.Acl, Perms.Read, caller);
        return new CheckVersionTxn(path, CheckVersion(node.Version, request.Version, path));
    }

    private void CheckSession(long sessionId)
    {
        var session = sessions.Get(sessionId);
        if (session is null || session.Closing) throw new KeeperErrorException(ErrorCode.SessionExpired);
    }

    private static void CheckAcl(IReadOnlyList<ZkAcl> acl, Perms perms, Caller caller)
    {
        if (!AclChecker.IsAllowed(acl, perms, caller.Identities)) throw new KeeperErrorException(ErrorCode.NoAuth);
    }

    private static int CheckVersion(int current, int expected, string path)
    {
        if (expected != -1 && expected != current) throw new KeeperErrorException(ErrorCode.BadVersion, path);
        return current + 1;
    }

    /// <summary>The parent of a node to delete; ZooKeeper's own nodes and malformed paths are BadArguments.</summary>
    private static string ParentForChange(string path)
    {
        var lastSlash = path.LastIndexOf('/');
        if (lastSlash < 0 || path.Contains('\0') || ZkDataTree.IsSpecialPath(path)) throw new KeeperErrorException(ErrorCode.BadArguments, path);
        return lastSlash == 0 ? ZkPath.Root : path[..lastSlash];
    }

    /// <summary>Java's %010d: ten digits, a negative counter keeps its sign within the width.</summary>
    internal static string FormatSequence(int cversion) =>
        cversion >= 0
            ? cversion.ToString("D10", CultureInfo.InvariantCulture)
            : "-" + ((long)-(long)cversion).ToString("D9", CultureInfo.InvariantCulture);
}
