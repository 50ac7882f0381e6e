using ConfigCenter.Protocol;
using ConfigCenter.Protocol.Records;
using ConfigCenter.Storage.Log;
using ConfigCenter.Storage.Tests.Support;

namespace ConfigCenter.Storage.Tests;

public class TxnLogRoundTripTests
{
    [Fact]
    public async Task Every_transaction_type_reads_back_byte_for_byte()
    {
        using var dir = new TestDirectory();
        var options = dir.Options();
        var txns = Txns.OneOfEach();
        Assert.Equal(
            [OpCode.CreateSession, OpCode.Create, OpCode.Create2, OpCode.CreateContainer, OpCode.CreateTtl, OpCode.SetData, OpCode.SetAcl, OpCode.Check,
             OpCode.Delete, OpCode.DeleteContainer, OpCode.Error, OpCode.Multi, OpCode.CloseSession],
            txns.Select(t => t.Header.Type).Distinct());

        await LogFixture.WriteAsync(options, txns);

        var replayed = LogFixture.Replay(options);
        Txns.AssertSame(txns, replayed);
        var close = Assert.IsType<CloseSessionTxn>(replayed.First(t => t.Header.Type == OpCode.CloseSession).Txn);
        Assert.Equal(["/a/eph"], close.PathsToDelete);
        Assert.Null(Assert.IsType<CreateTxn>(replayed[2].Txn).Data);
        Assert.Empty(Assert.IsType<CreateContainerTxn>(replayed[3].Txn).Data!);
    }

    [Fact]
    public void A_body_that_does_not_match_its_header_type_is_refused_at_append()
    {
        using var dir = new TestDirectory();
        var reports = new DurabilityLog();
        using var writer = new TxnLogWriter(dir.Options(), 0, reports.Durable, reports.Failed);
        var header = new TxnHeader(1, 1, 1, Txns.Time, OpCode.SetData);
        Assert.Throws<ArgumentException>(() => writer.Append(header, new DeleteTxn("/a")));
        var multi = header with { Type = OpCode.Multi };
        Assert.Throws<ArgumentException>(() => writer.Append(multi, new MultiTxn([new MultiTxnEntry(OpCode.Create, new DeleteTxn("/a"))])));
    }

    [Fact]
    public void The_frame_is_length_crc_then_header_and_body()
    {
        var txn = Txns.Create(5, "/x", "data");
        using var buffer = new Buffers.PooledByteBuffer(16);
        TxnLogFrame.Write(buffer, txn.Header, txn.Txn);
        var frame = buffer.WrittenSpan.ToArray();
        var payload = Txns.Bytes(txn);
        Assert.Equal(payload.Length, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(frame));
        Assert.Equal(Checksums.Crc32C.Compute(payload), System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(frame.AsSpan(4)));
        Assert.Equal(payload, frame[8..]);
        Assert.Equal(5, TxnRecordCodec.ReadZxid(payload));
    }
}
