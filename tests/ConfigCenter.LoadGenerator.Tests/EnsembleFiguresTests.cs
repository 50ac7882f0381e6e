using ConfigCenter.LoadGenerator.Benchmark;
using ConfigCenter.LoadGenerator.Connection;
using ConfigCenter.LoadGenerator.Measurement;

namespace ConfigCenter.LoadGenerator.Tests;

/// <summary>The pieces of the ensemble shape that need no server: connect strings, the zoo.cfg, the failover figures.</summary>
public sealed class EnsembleFiguresTests
{
    [Fact]
    public void A_connect_string_names_every_member_in_order()
    {
        var addresses = ServerAddress.ParseList("127.0.0.1:2181, localhost:2182,[::1]:2183");

        Assert.Equal([new ServerAddress("127.0.0.1", 2181), new ServerAddress("localhost", 2182), new ServerAddress("::1", 2183)], addresses);
        Assert.Throws<FormatException>(() => ServerAddress.ParseList(" , "));
        Assert.Throws<FormatException>(() => ServerAddress.ParseList("127.0.0.1:2181,nonsense"));
    }

    [Fact]
    public void Sessions_are_spread_over_the_members_round_robin()
    {
        var settings = new Running.RunSettings { Addresses = ServerAddress.ParseList("a:1,b:2,c:3") };

        Assert.Equal(["a", "b", "c", "a", "b"], Enumerable.Range(0, 5).Select(i => settings.AddressFor(i).Host));
        Assert.Equal("a:1,b:2,c:3", settings.Label);
    }

    [Fact]
    public void A_members_zoo_cfg_adds_the_quorum_timing_and_server_lines_to_the_shared_settings()
    {
        var layout = new EnsembleLayout([new EnsembleMemberPorts(1, 10, 11, 12), new EnsembleMemberPorts(2, 20, 21, 22), new EnsembleMemberPorts(3, 30, 31, 32)]);

        var standalone = ZooCfgFile.Render("20", "/d", 2000, 100_000);
        var member = ZooCfgFile.Render("20", "/d", 2000, 100_000, layout.ServerLines());

        Assert.StartsWith(standalone, member, StringComparison.Ordinal);
        Assert.Equal("initLimit=10\nsyncLimit=5\nserver.1=127.0.0.1:11:12\nserver.2=127.0.0.1:21:22\nserver.3=127.0.0.1:31:32\n", member[standalone.Length..]);
        Assert.DoesNotContain("server.", standalone, StringComparison.Ordinal);
    }

    [Fact]
    public void Free_loopback_ports_for_an_ensemble_are_distinct()
    {
        var layout = EnsembleLayout.OnLoopback(3);

        var ports = layout.Members.SelectMany(m => new[] { m.ClientPort, m.PeerPort, m.ElectionPort }).ToList();
        Assert.Equal(9, ports.Distinct().Count());
        Assert.Equal([1, 2, 3], layout.Members.Select(m => m.Id));
    }

    [Fact]
    public void The_unavailability_window_runs_from_the_last_ack_before_the_kill_to_the_first_ack_of_a_write_sent_after_it()
    {
        const long kill = 1_000;
        (long Sent, long Acked)[] acks =
        [
            (100, 200),
            (300, 400),   // the last ack before the kill
            (900, 1_100), // sent before the kill, acknowledged after it: neither side
            (1_500, 1_700),
            (1_200, 1_600), // the first ack of a write sent after the kill (another writer)
        ];

        var window = WriteUnavailability.Window(acks, kill);

        Assert.Equal(System.Diagnostics.Stopwatch.GetElapsedTime(400, 1_600), window);
        Assert.Throws<InvalidOperationException>(() => WriteUnavailability.Window([(1_200, 1_600)], kill));
        Assert.Throws<InvalidOperationException>(() => WriteUnavailability.Window([(100, 200)], kill));
    }

    [Theory]
    [InlineData(new[] { 5.0 }, 5.0)]
    [InlineData(new[] { 9.0, 1.0, 5.0 }, 5.0)]
    [InlineData(new[] { 4.0, 1.0, 3.0, 2.0 }, 2.5)]
    public void The_median_is_the_middle_value_or_the_mean_of_the_two_middle_ones(double[] values, double median) =>
        Assert.Equal(median, Median.Of(values));

    [Fact]
    public void Without_phases_asked_for_each_shape_runs_all_it_can()
    {
        Assert.Equal(["create", "setData", "getData", "mixed", "watch-fanout", "session-churn", "memory-restart"], CompareSettings.ChoosePhases(ClusterShape.Standalone, null));
        Assert.Equal(["create", "setData", "getData", "mixed", "watch-fanout", "session-churn", "leader-failover"], CompareSettings.ChoosePhases(ClusterShape.Ensemble3, []));
        Assert.Equal(["getData", "create"], CompareSettings.ChoosePhases(ClusterShape.Ensemble3, ["getData", "create"]));
        Assert.Throws<FormatException>(() => CompareSettings.ChoosePhases(ClusterShape.Standalone, ["reboot"]));
    }
}
