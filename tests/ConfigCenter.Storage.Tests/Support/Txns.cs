using System.Buffers;
using ConfigCenter.Protocol;
using ConfigCenter.Protocol.Jute;
using ConfigCenter.Protocol.Records;
using ConfigCenter.Storage.Log;

namespace ConfigCenter.Storage.Tests.Support;

/// <summary>Transactions for tests: one of every kind, and byte-level comparison (records hold lists, which compare by reference).</summary>
internal static class Txns
{
    public const long Time = 1_700_000_000_000;
    public static readonly IReadOnlyList<Acl> DigestAcl = [new Acl(Perms.Read | Perms.Write, new Id("digest", "bob:abc=")), new Acl(Perms.All, Id.Anyone)];

    public static LoggedTxn At(long zxid, OpCode type, Txn txn, long session = 0x1234) =>
        new(new TxnHeader(session, (int)zxid, zxid, Time + zxid, type), txn);

    public static LoggedTxn Create(long zxid, string path, string? data = "v") =>
        At(zxid, OpCode.Create, new CreateTxn(path, data is null ? null : System.Text.Encoding.UTF8.GetBytes(data), Acl.OpenAclUnsafe, false, -1));

    /// <summary>Every transaction type the server logs, with awkward values (null data, empty lists, nested multi).</summary>
    public static List<LoggedTxn> OneOfEach(long firstZxid = 1)
    {
        var zxid = firstZxid;
        var bodies = new List<(OpCode Type, Txn Txn)>
        {
            (OpCode.CreateSession, new CreateSessionTxn(30000)),
            (OpCode.Create, new CreateTxn("/a", "hello"u8.ToArray(), DigestAcl, false, 1)),
            (OpCode.Create2, new CreateTxn("/a/eph", null, Acl.CreatorAllAcl, true, 1)),
            (OpCode.CreateContainer, new CreateContainerTxn("/c", [], Acl.OpenAclUnsafe, 2)),
            (OpCode.CreateTtl, new CreateTtlTxn("/ttl", [1, 2, 3], Acl.ReadAclUnsafe, 3, 60_000)),
            (OpCode.SetData, new SetDataTxn("/a", null, 1)),
            (OpCode.SetData, new SetDataTxn("/a", new byte[5000], 2)),
            (OpCode.SetAcl, new SetAclTxn("/a", [], 1)),
            (OpCode.Check, new CheckVersionTxn("/a", 2)),
            (OpCode.Delete, new DeleteTxn("/ttl")),
            (OpCode.DeleteContainer, new DeleteTxn("/c")),
            (OpCode.Error, new ErrorTxn(ErrorCode.NoNode)),
            (OpCode.Multi, new MultiTxn([
                new MultiTxnEntry(OpCode.Create, new CreateTxn("/m", "x"u8.ToArray(), Acl.OpenAclUnsafe, false, 4)),
                new MultiTxnEntry(OpCode.SetData, new SetDataTxn("/m", "y"u8.ToArray(), 1)),
                new MultiTxnEntry(OpCode.Check, new CheckVersionTxn("/m", 1)),
                new MultiTxnEntry(OpCode.Delete, new DeleteTxn("/m")),
            ])),
            (OpCode.Multi, new MultiTxn([
                new MultiTxnEntry(OpCode.Error, new ErrorTxn(ErrorCode.Ok)),
                new MultiTxnEntry(OpCode.Error, new ErrorTxn(ErrorCode.BadVersion)),
            ])),
            (OpCode.CloseSession, new CloseSessionTxn(["/a/eph"])),
            (OpCode.CloseSession, new CloseSessionTxn([])),
            (OpCode.Create, new CreateTxn("/ünïcødé/パス", "данные"u8.ToArray(), Acl.OpenAclUnsafe, false, -1)),
        };
        return bodies.Select(body => At(zxid++, body.Type, body.Txn)).ToList();
    }

    public static byte[] Bytes(LoggedTxn txn)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new JuteWriter(buffer);
        txn.Header.Write(writer);
        txn.Txn.Write(writer);
        return buffer.WrittenSpan.ToArray();
    }

    public static void AssertSame(IReadOnlyList<LoggedTxn> expected, IReadOnlyList<LoggedTxn> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Header, actual[i].Header);
            Assert.Equal(expected[i].Txn.GetType(), actual[i].Txn.GetType());
            Assert.Equal(Bytes(expected[i]), Bytes(actual[i]));
        }
    }
}
