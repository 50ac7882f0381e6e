using ConfigCenter.Server.Configuration;

namespace ConfigCenter.Server.Tests.Configuration;

public class ServerConfigTests
{
    [Fact]
    public void Default_listens_on_loopback_2181_with_the_sample_tick()
    {
        var config = ServerConfig.Default();

        Assert.Equal("127.0.0.1", config.ClientPortAddress);
        Assert.Equal(2181, config.ClientPort);
        Assert.Equal(2000, config.TickTimeMs);
        Assert.Equal(4000, config.MinSessionTimeoutMs);
        Assert.Equal(40000, config.MaxSessionTimeoutMs);
        Assert.Equal(60, config.MaxClientCnxns);
        Assert.Empty(config.Servers);
        Assert.False(config.IsDistributed);
    }

    [Fact]
    public void Default_data_directory_is_data_under_the_working_directory()
    {
        var config = ServerConfig.Default();
        Assert.Equal(Path.Combine(Directory.GetCurrentDirectory(), "data"), config.DataDir);
        Assert.Equal(config.DataDir, config.DataLogDir);
    }

    [Fact]
    public void Default_accepts_a_data_directory_and_makes_it_absolute()
    {
        Assert.Equal(Path.GetFullPath("elsewhere"), ServerConfig.Default("elsewhere").DataDir);
    }

    [Fact]
    public void Session_timeout_bounds_follow_the_tick_until_set()
    {
        var config = ServerConfig.Default() with { TickTimeMs = 500 };
        Assert.Equal(1000, config.MinSessionTimeoutMs);
        Assert.Equal(10000, config.MaxSessionTimeoutMs);

        var fixedBounds = config with { MinSessionTimeoutMs = 3000, MaxSessionTimeoutMs = 9000 };
        Assert.Equal(3000, (fixedBounds with { TickTimeMs = 100 }).MinSessionTimeoutMs);
        Assert.Equal(9000, (fixedBounds with { TickTimeMs = 100 }).MaxSessionTimeoutMs);

        var unsetAgain = fixedBounds with { MinSessionTimeoutMs = -1 };
        Assert.Equal(1000, unsetAgain.MinSessionTimeoutMs);
    }

    [Fact]
    public void Data_log_directory_can_be_set_and_unset()
    {
        var config = ServerConfig.Default("/srv/zk") with { DataLogDir = "/fast/zk" };
        Assert.Equal("/fast/zk", config.DataLogDir);
        Assert.Equal(config.DataDir, (config with { DataLogDir = null }).DataLogDir);
    }

    [Fact]
    public void Srvr_is_always_enabled_and_isro_in_read_only_mode()
    {
        var config = ServerConfig.Default() with { FourLetterWordWhitelist = new HashSet<string>() };

        Assert.True(config.IsFourLetterWordEnabled("srvr"));
        Assert.False(config.IsFourLetterWordEnabled("isro"));
        Assert.True((config with { ReadOnlyModeEnabled = true }).IsFourLetterWordEnabled("isro"));
        Assert.False(config.IsFourLetterWordEnabled("ruok"));
    }

    [Fact]
    public void Distributed_means_several_participants_or_standalone_disabled()
    {
        var config = ServerConfig.Default();
        var one = new QuorumServerSpec(1, "a", 2888, 3888);
        var two = new QuorumServerSpec(2, "b", 2888, 3888);
        var observer = new QuorumServerSpec(3, "c", 2888, 3888, PeerRole.Observer);

        Assert.False((config with { Servers = [one] }).IsDistributed);
        Assert.False((config with { Servers = [one, observer] }).IsDistributed);
        Assert.True((config with { Servers = [one, two] }).IsDistributed);
        Assert.True((config with { Servers = [one], StandaloneEnabled = false }).IsDistributed);
        Assert.False((config with { StandaloneEnabled = false }).IsDistributed);
    }
}
