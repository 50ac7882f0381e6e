using ConfigCenter.Storage.Log;
using ConfigCenter.Storage.Tests.Support;

namespace ConfigCenter.Storage.Tests;

public class AppendSerializedTests
{
    [Fact]
    public async Task Serialized_records_are_logged_as_they_are_and_replay_like_appended_ones()
    {
        using var dir = new TestDirectory();
        var options = dir.Options();
        var txns = new TxnScript(seed: 31).Next(60);
        var reports = new DurabilityLog();
        await using (var writer = new TxnLogWriter(options, 0, reports.Durable, reports.Failed))
        {
            // Both kinds interleaved, as a server that logs its own and received transactions would.
            foreach (var txn in txns)
            {
                if (txn.Zxid % 2 == 0) writer.AppendSerialized(txn.Zxid, TxnRecordCodec.Serialize(txn.Header, txn.Txn));
                else writer.Append(txn.Header, txn.Txn);
            }
            await writer.FlushAsync();
        }

        Assert.Empty(reports.Failures);
        Assert.Equal(60, reports.LastDurable);
        Assert.Equal(reports.DurableReports.Order(), reports.DurableReports);
        Txns.AssertSame(txns, LogFixture.Replay(options));
    }

    [Fact]
    public async Task A_serialized_record_out_of_sequence_is_failed_like_an_appended_one()
    {
        using var dir = new TestDirectory();
        var options = dir.Options();
        var txns = new TxnScript(seed: 32).Next(3);
        var reports = new DurabilityLog();
        await using (var writer = new TxnLogWriter(options, 0, reports.Durable, reports.Failed))
        {
            writer.AppendSerialized(1, TxnRecordCodec.Serialize(txns[0].Header, txns[0].Txn));
            writer.AppendSerialized(3, TxnRecordCodec.Serialize(txns[2].Header, txns[2].Txn));
            await writer.FlushAsync();
        }

        Assert.Equal(1, reports.LastDurable);
        var failure = Assert.Single(reports.Failures);
        Assert.Equal(3, failure.FromZxid);
        Txns.AssertSame(txns.Take(1).ToList(), LogFixture.Replay(options));
    }

    [Fact]
    public void A_record_that_is_too_short_or_claims_another_zxid_is_refused_at_append()
    {
        using var dir = new TestDirectory();
        var reports = new DurabilityLog();
        using var writer = new TxnLogWriter(dir.Options(), 0, reports.Durable, reports.Failed);
        var txn = Txns.Create(1, "/a");
        var record = TxnRecordCodec.Serialize(txn.Header, txn.Txn);

        Assert.Contains("0x2", Assert.Throws<ArgumentException>(() => writer.AppendSerialized(2, record)).Message);
        Assert.Throws<ArgumentException>(() => writer.AppendSerialized(1, record.AsMemory(0, TxnRecordCodec.HeaderLength - 1)));
        Assert.Throws<ArgumentException>(() => writer.AppendSerialized(1, ReadOnlyMemory<byte>.Empty));
    }
}
