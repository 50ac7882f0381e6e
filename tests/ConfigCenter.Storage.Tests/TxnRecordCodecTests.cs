using System.Buffers.Binary;
using ConfigCenter.Protocol;
using ConfigCenter.Protocol.Jute;
using ConfigCenter.Protocol.Records;
using ConfigCenter.Storage.Log;
using ConfigCenter.Storage.Tests.Support;

namespace ConfigCenter.Storage.Tests;

public class TxnRecordCodecTests
{
    [Fact]
    public async Task Serialize_gives_exactly_the_payload_the_log_writes()
    {
        using var dir = new TestDirectory();
        var txns = Txns.OneOfEach();
        await LogFixture.WriteAsync(dir.Options(), txns);

        var payloads = LogFixture.Frames(dir.LogSegments().Single()).Select(frame => frame.Payload.ToArray()).ToList();
        Assert.Equal(txns.Select(txn => TxnRecordCodec.Serialize(txn.Header, txn.Txn)), payloads);
    }

    [Fact]
    public void Deserialize_reads_back_every_transaction_type()
    {
        var txns = Txns.OneOfEach();
        var decoded = txns.Select(txn => TxnRecordCodec.Deserialize(TxnRecordCodec.Serialize(txn.Header, txn.Txn))).ToList();
        Txns.AssertSame(txns, decoded);
    }

    [Fact]
    public void Serialize_refuses_a_body_that_does_not_go_with_its_header_type()
    {
        var header = new TxnHeader(1, 1, 1, Txns.Time, OpCode.SetData);
        Assert.Throws<ArgumentException>(() => TxnRecordCodec.Serialize(header, new DeleteTxn("/a")));
    }

    [Fact]
    public void A_record_cut_short_anywhere_is_a_jute_exception()
    {
        foreach (var txn in Txns.OneOfEach())
        {
            var record = TxnRecordCodec.Serialize(txn.Header, txn.Txn);
            for (var length = 0; length < record.Length; length++)
            {
                // A close-session body may be absent altogether (old ZooKeeper logs), so a bare header is a record.
                if (txn.Header.Type == OpCode.CloseSession && length == TxnRecordCodec.HeaderLength) continue;
                Assert.Throws<JuteException>(() => TxnRecordCodec.Deserialize(record.AsSpan(0, length)));
            }
        }
    }

    [Fact]
    public void Bytes_left_after_the_body_and_an_unknown_type_are_refused()
    {
        var txn = Txns.Create(7, "/a");
        var record = TxnRecordCodec.Serialize(txn.Header, txn.Txn);
        var longer = record.Append((byte)0).ToArray();
        Assert.Contains("left", Assert.Throws<JuteException>(() => TxnRecordCodec.Deserialize(longer)).Message);

        BinaryPrimitives.WriteInt32BigEndian(record.AsSpan(28), 4242);
        Assert.Contains("4242", Assert.Throws<JuteException>(() => TxnRecordCodec.Deserialize(record)).Message);
    }

    [Fact]
    public void Damaged_records_either_decode_or_throw_a_jute_exception()
    {
        var random = new Random(77);
        var records = new TxnScript(seed: 5).Next(200).Concat(Txns.OneOfEach())
            .Select(txn => TxnRecordCodec.Serialize(txn.Header, txn.Txn)).ToList();
        for (var round = 0; round < 20_000; round++)
        {
            var record = (byte[])records[random.Next(records.Count)].Clone();
            for (var flips = random.Next(1, 4); flips > 0; flips--) record[random.Next(record.Length)] = (byte)random.Next(256);
            try
            {
                TxnRecordCodec.Deserialize(record);
            }
            catch (JuteException)
            {
                // The only acceptable failure.
            }
        }
    }

    [Fact]
    public void A_deeply_nested_multi_is_refused_without_exhausting_the_stack()
    {
        // Each level: count 1, type Multi, then the next level as a length-prefixed buffer; the innermost is an empty multi.
        const int depth = 200_000;
        var body = new byte[12 * depth + 4];
        for (var level = 0; level < depth; level++)
        {
            var at = body.AsSpan(12 * level);
            BinaryPrimitives.WriteInt32BigEndian(at, 1);
            BinaryPrimitives.WriteInt32BigEndian(at[4..], (int)OpCode.Multi);
            BinaryPrimitives.WriteInt32BigEndian(at[8..], at.Length - 12);
        }
        var header = TxnRecordCodec.Serialize(new TxnHeader(1, 1, 1, Txns.Time, OpCode.Error), new ErrorTxn(ErrorCode.Ok))[..TxnRecordCodec.HeaderLength];
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(28), (int)OpCode.Multi);

        Assert.Throws<JuteException>(() => TxnRecordCodec.Deserialize([.. header, .. body]));
    }

    [Fact]
    public void A_nested_multi_cannot_be_logged_because_it_could_not_be_read_back()
    {
        var header = new TxnHeader(1, 1, 1, Txns.Time, OpCode.Multi);
        var nested = new MultiTxn([new MultiTxnEntry(OpCode.Multi, new MultiTxn([]))]);
        Assert.Throws<ArgumentException>(() => TxnRecordCodec.Serialize(header, nested));
    }
}
