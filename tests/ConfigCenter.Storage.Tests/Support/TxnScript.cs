using ConfigCenter.Protocol;
using ConfigCenter.Protocol.Records;
using ConfigCenter.Storage.Log;

namespace ConfigCenter.Storage.Tests.Support;

/// <summary>
/// Generates a plausible, seeded history of transactions (sessions, ephemerals, creates, updates,
/// deletes, multis, failed requests) against a <see cref="MiniTree"/> so that each one is valid
/// where it is applied, as the server's preparer would make it.
/// </summary>
internal sealed class TxnScript(int seed)
{
    private readonly Random _random = new(seed);
    private readonly List<long> _sessions = [];
    private long _nextSession = 0x100;

    public MiniTree Tree { get; } = new();
    public long LastZxid => Tree.LastZxid;

    public List<LoggedTxn> Next(int count)
    {
        var txns = new List<LoggedTxn>(count);
        for (var i = 0; i < count; i++)
        {
            var txn = Invent(LastZxid + 1);
            Tree.Apply(txn);
            txns.Add(txn);
        }
        return txns;
    }

    private LoggedTxn Invent(long zxid)
    {
        var paths = Tree.Nodes.Keys.Where(p => p != "/").ToList();
        var roll = _random.Next(100);
        if (roll < 8 || _sessions.Count == 0)
        {
            var session = _nextSession++;
            _sessions.Add(session);
            return Txns.At(zxid, OpCode.CreateSession, new CreateSessionTxn(10_000 + _random.Next(20_000)), session);
        }
        if (roll < 12 && _sessions.Count > 1)
        {
            var session = _sessions[_random.Next(_sessions.Count)];
            _sessions.Remove(session);
            return Txns.At(zxid, OpCode.CloseSession, new CloseSessionTxn(Tree.EphemeralsOf(session).ToList()), session);
        }
        if (roll < 50 || paths.Count == 0)
        {
            var parents = Tree.Nodes.Where(n => n.Value.Stat.EphemeralOwner == 0).Select(n => n.Key).ToList();
            var parent = parents[_random.Next(parents.Count)];
            var path = (parent == "/" ? "" : parent) + "/n" + zxid;
            var ephemeral = _random.Next(5) == 0;
            var session = _sessions[_random.Next(_sessions.Count)];
            var data = _random.Next(6) == 0 ? null : RandomBytes(_random.Next(0, 200));
            var create = new CreateTxn(path, data, _random.Next(3) == 0 ? Txns.DigestAcl : Acl.OpenAclUnsafe, ephemeral, Tree.Nodes[parent].Stat.Cversion + 1);
            return Txns.At(zxid, OpCode.Create, create, session);
        }
        var target = paths[_random.Next(paths.Count)];
        var node = Tree.Nodes[target];
        if (roll < 75) return Txns.At(zxid, OpCode.SetData, new SetDataTxn(target, RandomBytes(_random.Next(0, 300)), node.Stat.Version + 1));
        if (roll < 82) return Txns.At(zxid, OpCode.SetAcl, new SetAclTxn(target, Acl.ReadAclUnsafe, node.Stat.Aversion + 1));
        if (roll < 92 && Tree.ChildCount(target) == 0) return Txns.At(zxid, OpCode.Delete, new DeleteTxn(target));
        if (roll < 96)
        {
            return Txns.At(zxid, OpCode.Multi, new MultiTxn([
                new MultiTxnEntry(OpCode.Check, new CheckVersionTxn(target, node.Stat.Version)),
                new MultiTxnEntry(OpCode.SetData, new SetDataTxn(target, RandomBytes(8), node.Stat.Version + 1)),
            ]));
        }
        return Txns.At(zxid, OpCode.Error, new ErrorTxn(ErrorCode.BadVersion));
    }

    private byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        _random.NextBytes(bytes);
        return bytes;
    }
}
