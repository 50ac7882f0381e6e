using System.Net;
using System.Net.Sockets;
using ConfigCenter.Consensus;
using ConfigCenter.Consensus.Messages;
using ConfigCenter.Consensus.Storage;
using ConfigCenter.Server.Quorum.Transport;
using Microsoft.Extensions.Logging;

namespace ConfigCenter.Server.Tests.Quorum;

public class PeerTransportTests
{
    [Fact]
    public async Task Three_peers_exchange_messages_in_order_both_ways()
    {
        const int perPair = 300;
        await using var ensemble = await TestEnsemble.StartAsync(3);
        var peers = ensemble.Peers;

        for (var i = 0; i < perPair; i++)
            foreach (var from in peers)
                foreach (var to in peers.Where(to => to != from))
                    Assert.True(from.Transport.Send(to.Id, new Ack(from.Id.Value, to.Id.Value, i)));

        foreach (var receiver in peers)
        {
            var next = peers.Where(sender => sender != receiver).ToDictionary(sender => sender.Id, _ => 0L);
            for (var n = 0; n < 2 * perPair; n++)
            {
                var (from, message) = await receiver.ReceiveAsync();
                Assert.Equal(new Ack(from.Value, receiver.Id.Value, next[from]++), Assert.IsType<Ack>(message));
            }
        }
    }

    [Fact]
    public async Task A_peer_that_starts_later_gets_messages_once_connected()
    {
        await using var ensemble = TestEnsemble.Create(2);
        var (early, late) = (ensemble[0], ensemble[1]);
        early.Transport.Start();

        Assert.False(early.Transport.Send(late.Id, new Ping(1, 1, 1)));
        Assert.True(early.Transport.DroppedMessages >= 1);

        late.Transport.Start();
        await early.ConnectedTo(late.Id);
        var ping = new Ping(1, 1, 2);
        Assert.True(early.Transport.Send(late.Id, ping));
        Assert.Equal((early.Id, (object)ping), await late.ReceiveAsync());
    }

    [Fact]
    public async Task A_peer_that_goes_away_is_reported_disconnected()
    {
        await using var ensemble = await TestEnsemble.StartAsync(2);
        var (survivor, victim) = (ensemble[0], ensemble[1]);

        await victim.DisposeAsync();

        await survivor.DisconnectedFrom(victim.Id);
    }

    [Fact]
    public async Task A_restarted_peer_is_reached_again_on_the_same_port()
    {
        await using var ensemble = await TestEnsemble.StartAsync(2);
        var (survivor, first) = (ensemble[0], ensemble[1]);

        await first.DisposeAsync();
        await survivor.DisconnectedFrom(first.Id);
        var reconnected = survivor.NextConnectionTo(first.Id);
        await using var restarted = new TestPeer(first.Id.Value, port: first.EndPoint.Port);
        restarted.Peers[survivor.Id] = survivor.EndPoint;
        restarted.Transport.Start();
        await reconnected;

        await AssertStillConnectedAsync(survivor, restarted);
    }

    [Theory]
    [InlineData(0x12345678, 2L, "bad handshake magic")]
    [InlineData(PeerHandshake.Magic, 99L, "not a member")]
    [InlineData(PeerHandshake.Magic, 1L, "own myid")]
    public async Task A_bad_handshake_closes_only_that_connection(int magic, long myid, string reason)
    {
        await using var ensemble = await TestEnsemble.StartAsync(2);

        using var raw = await RawPeerClient.ConnectAsync(ensemble[0].EndPoint);
        await raw.SendHandshakeAsync(myid, magic);

        await AssertRefusedAsync(ensemble, raw, reason);
    }

    [Fact]
    public async Task Garbage_instead_of_a_handshake_closes_only_that_connection()
    {
        await using var ensemble = await TestEnsemble.StartAsync(2);

        using var raw = await RawPeerClient.ConnectAsync(ensemble[0].EndPoint);
        await raw.SendFrameAsync("GET / HTTP/1.1\r\n\r\n"u8.ToArray());

        await AssertRefusedAsync(ensemble, raw, "handshake");
    }

    [Theory]
    [InlineData(1025, "frame length 1025")]
    [InlineData(-1, "frame length -1")]
    public async Task A_frame_over_the_limit_closes_only_that_connection(int declaredLength, string reason)
    {
        // The third member never starts: the raw client speaks as it.
        await using var ensemble = await TestEnsemble.StartAsync(3, running: 2, maxFrameBytes: 1024);
        var impersonated = ensemble[2].Id;

        using var raw = await RawPeerClient.ConnectAsync(ensemble[0].EndPoint);
        await raw.SendHandshakeAsync(impersonated.Value);
        await raw.SendFrameAsync(declaredLength, []);

        await AssertRefusedAsync(ensemble, raw, reason);
        await ensemble[0].DisconnectedFrom(impersonated);
    }

    [Fact]
    public async Task An_undecodable_message_closes_that_connection()
    {
        await using var ensemble = await TestEnsemble.StartAsync(3, running: 2);
        var impersonated = ensemble[2].Id;

        using var raw = await RawPeerClient.ConnectAsync(ensemble[0].EndPoint);
        await raw.SendHandshakeAsync(impersonated.Value);
        await raw.SendMessageAsync(new Commit(1, 2, 3));
        await raw.SendFrameAsync([200, 1, 2, 3]);

        Assert.Equal((impersonated, (object)new Commit(1, 2, 3)), await ensemble[0].ReceiveAsync());
        await AssertRefusedAsync(ensemble, raw, "unknown message type 200");
    }

    [Fact]
    public async Task A_newer_connection_from_a_peer_replaces_the_older_one()
    {
        await using var ensemble = await TestEnsemble.StartAsync(2, running: 1);
        var (target, impersonated) = (ensemble[0], ensemble[1].Id);

        using var older = await RawPeerClient.ConnectAsync(target.EndPoint);
        await older.SendHandshakeAsync(impersonated.Value);
        await older.SendMessageAsync(new Ack(1, 1, 1));
        Assert.Equal((impersonated, (object)new Ack(1, 1, 1)), await target.ReceiveAsync());

        using var newer = await RawPeerClient.ConnectAsync(target.EndPoint);
        await newer.SendHandshakeAsync(impersonated.Value);
        await older.ClosedByServerAsync();
        await newer.SendMessageAsync(new Ack(1, 1, 2));
        Assert.Equal((impersonated, (object)new Ack(1, 1, 2)), await target.ReceiveAsync());
    }

    [Fact]
    public async Task A_five_megabyte_sync_crosses_intact()
    {
        await using var ensemble = await TestEnsemble.StartAsync(2, maxFrameBytes: 8 * 1024 * 1024);
        var (leader, learner) = (ensemble[0], ensemble[1]);

        var random = new Random(7);
        var snapshot = new byte[3 * 1024 * 1024];
        random.NextBytes(snapshot);
        var entries = Enumerable.Range(1, 100).Select(i =>
        {
            var data = new byte[20 * 1024 + i];
            random.NextBytes(data);
            return new LogEntry(0x3_0000_0000 + i, data);
        }).ToArray();
        var sync = new Sync(4, 9, SyncMode.Snap, 0x3_0000_0000, 0, new ZabSnapshot(0x3_0000_0000, snapshot), entries, 0x4_0000_0000, 0x3_0000_0064);

        Assert.True(leader.Transport.Send(learner.Id, sync));

        var (from, received) = await learner.ReceiveAsync();
        Assert.Equal(leader.Id, from);
        StructuralAssert.Equal(sync, received);
    }

    [Fact]
    public async Task A_message_over_the_frame_limit_is_dropped_and_the_connection_stays()
    {
        await using var ensemble = await TestEnsemble.StartAsync(2, maxFrameBytes: 1024);
        var (sender, receiver) = (ensemble[0], ensemble[1]);

        Assert.False(sender.Transport.Send(receiver.Id, new Proposal(1, 1, 0, [new LogEntry(1, new byte[2000])])));
        Assert.True(sender.Log.Contains(LogLevel.Warning, "Proposal", "limited to 1024"));
        Assert.False(sender.Transport.Send(new PeerId(42), new Ping(1, 1, 1)));

        await AssertStillConnectedAsync(sender, receiver);
    }

    [Fact]
    public async Task Sends_to_a_peer_that_stops_reading_never_block_and_are_dropped_over_the_bound()
    {
        // A "peer" that accepts connections and never reads a byte.
        var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        try
        {
            var silentId = new PeerId(2);
            await using var sender = new TestPeer(1);
            sender.Peers[silentId] = silent.LocalEndpoint;
            sender.Transport.Start();
            await sender.ConnectedTo(silentId);

            var proposal = new Proposal(1, 1, 0, [new LogEntry(1, new byte[512 * 1024])]);
            var sent = 0;
            while (sent < 1000 && sender.Transport.Send(silentId, proposal)) sent++;

            Assert.InRange(sent, 1, 999);
            Assert.True(sender.Transport.DroppedMessages >= 1);
            Assert.True(sender.Log.Contains(LogLevel.Warning, "Dropping messages to peer 2"));
        }
        finally
        {
            silent.Stop();
        }
    }

    /// <summary>The first peer closed the raw connection and logged why, naming it; its links to the other running peer still work.</summary>
    private static async Task AssertRefusedAsync(TestEnsemble ensemble, RawPeerClient raw, string reason)
    {
        await raw.ClosedByServerAsync();
        var log = ensemble[0].Log;
        Assert.True(log.Contains(LogLevel.Warning, raw.LocalEndPoint, reason), string.Join("\n", log.Lines));
        await AssertStillConnectedAsync(ensemble[1], ensemble[0]);
    }

    /// <summary>Both directions between two started peers still carry messages.</summary>
    private static async Task AssertStillConnectedAsync(TestPeer a, TestPeer b)
    {
        foreach (var (from, to) in new[] { (a, b), (b, a) })
        {
            await from.ConnectedTo(to.Id);
            var ping = new Ping(7, 7, 7);
            Assert.True(from.Transport.Send(to.Id, ping));
            Assert.Equal((from.Id, (object)ping), await to.ReceiveAsync());
        }
    }
}
