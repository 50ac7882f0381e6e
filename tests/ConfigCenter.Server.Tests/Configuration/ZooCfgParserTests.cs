using ConfigCenter.Server.Configuration;

namespace ConfigCenter.Server.Tests.Configuration;

public class ZooCfgParserTests
{
    private const string Source = "test/zoo.cfg";

    // The seed configuration from the design documents (ZooKeeper's zoo_sample.cfg without comments).
    private const string SeedConfig = """
        tickTime=2000
        initLimit=10
        syncLimit=5
        dataDir=/tmp/zookeeper
        clientPort=2181
        """;

    private static ZooCfgParseResult Parse(string text) => ZooCfgParser.ParseText(text, Source);

    private static ConfigException ParseFails(string text) => Assert.Throws<ConfigException>(() => Parse(text));

    [Fact]
    public void Parses_the_seed_file()
    {
        var (config, warnings) = Parse(SeedConfig);

        Assert.Equal(2000, config.TickTimeMs);
        Assert.Equal(10, config.InitLimit);
        Assert.Equal(5, config.SyncLimit);
        Assert.Equal(Path.GetFullPath("/tmp/zookeeper"), config.DataDir);
        Assert.Equal(config.DataDir, config.DataLogDir);
        Assert.Equal(2181, config.ClientPort);
        Assert.Null(config.ClientPortAddress);
        Assert.Empty(config.Servers);
        Assert.Null(config.MyId);
        Assert.False(config.IsDistributed);
        Assert.Empty(warnings);
    }

    [Fact]
    public void Missing_keys_take_ZooKeepers_defaults()
    {
        var config = Parse("dataDir=/tmp/zk\nclientPort=2181").Config;

        Assert.Equal(3000, config.TickTimeMs);
        Assert.Equal(0, config.InitLimit);
        Assert.Equal(0, config.SyncLimit);
        Assert.Equal(60, config.MaxClientCnxns);
        Assert.Equal(6000, config.MinSessionTimeoutMs);
        Assert.Equal(60000, config.MaxSessionTimeoutMs);
        Assert.Equal(["srvr"], config.FourLetterWordWhitelist);
        Assert.Equal(0xfffff, config.JuteMaxBuffer);
        Assert.False(config.ExtendedTypesEnabled);
        Assert.Null(config.SuperDigest);
        Assert.Equal(100_000, config.SnapCount);
        Assert.True(config.ForceSync);
        Assert.Equal(65536, config.PreAllocSizeKb);
        Assert.Equal(3, config.AutopurgeSnapRetainCount);
        Assert.Equal(0, config.AutopurgePurgeIntervalHours);
        Assert.False(config.ReadOnlyModeEnabled);
        Assert.Equal(1000, config.GlobalOutstandingLimit);
        Assert.True(config.StandaloneEnabled);
    }

    [Fact]
    public void Session_timeout_bounds_default_to_2_and_20_ticks()
    {
        var config = Parse(SeedConfig).Config;
        Assert.Equal(4000, config.MinSessionTimeoutMs);
        Assert.Equal(40000, config.MaxSessionTimeoutMs);
    }

    [Fact]
    public void Session_timeout_bounds_of_minus_one_mean_unset()
    {
        var config = Parse(SeedConfig + "\nminSessionTimeout=-1\nmaxSessionTimeout=-1").Config;
        Assert.Equal(4000, config.MinSessionTimeoutMs);
        Assert.Equal(40000, config.MaxSessionTimeoutMs);
    }

    [Fact]
    public void Explicit_session_timeout_bounds_are_kept()
    {
        var config = Parse(SeedConfig + "\nminSessionTimeout=1000\nmaxSessionTimeout=120000").Config;
        Assert.Equal(1000, config.MinSessionTimeoutMs);
        Assert.Equal(120000, config.MaxSessionTimeoutMs);
    }

    [Fact]
    public void Only_one_explicit_bound_is_checked_against_the_derived_other()
    {
        // max 3000 < derived min 4000 (2 x tickTime).
        var error = ParseFails(SeedConfig + "\nmaxSessionTimeout=3000");
        Assert.Contains("minSessionTimeout (4000 ms)", error.Message);
        Assert.Contains("maxSessionTimeout (3000 ms)", error.Message);
    }

    [Fact]
    public void Min_session_timeout_larger_than_max_is_an_error()
    {
        var error = ParseFails(SeedConfig + "\nminSessionTimeout=50000\nmaxSessionTimeout=40000");
        Assert.Equal("minSessionTimeout", error.Key);
        Assert.Equal(Source, error.SourceName);
        Assert.Contains(Source, error.Message);
        Assert.Contains("50000", error.Message);
        Assert.Contains("40000", error.Message);
    }

    [Fact]
    public void Parses_every_supported_setting()
    {
        var config = Parse("""
            tickTime=1000
            dataDir=/var/lib/zk
            dataLogDir=/var/log/zk
            clientPort=12181
            clientPortAddress=10.0.0.5
            maxClientCnxns=0
            jute.maxbuffer=4194304
            extendedTypesEnabled=true
            DigestAuthenticationProvider.superDigest=super:D/InIHSb7yEEbrWz8b9l71RjZJU=
            snapCount=5000
            forceSync=no
            preAllocSize=1024
            autopurge.snapRetainCount=5
            autopurge.purgeInterval=24
            readonlymode.enabled=true
            globalOutstandingLimit=500
            """).Config;

        Assert.Equal(1000, config.TickTimeMs);
        Assert.Equal(Path.GetFullPath("/var/lib/zk"), config.DataDir);
        Assert.Equal(Path.GetFullPath("/var/log/zk"), config.DataLogDir);
        Assert.Equal(12181, config.ClientPort);
        Assert.Equal("10.0.0.5", config.ClientPortAddress);
        Assert.Equal(0, config.MaxClientCnxns);
        Assert.Equal(4194304, config.JuteMaxBuffer);
        Assert.True(config.ExtendedTypesEnabled);
        Assert.Equal("super:D/InIHSb7yEEbrWz8b9l71RjZJU=", config.SuperDigest);
        Assert.Equal(5000, config.SnapCount);
        Assert.False(config.ForceSync);
        Assert.Equal(1024, config.PreAllocSizeKb);
        Assert.Equal(5, config.AutopurgeSnapRetainCount);
        Assert.Equal(24, config.AutopurgePurgeIntervalHours);
        Assert.True(config.ReadOnlyModeEnabled);
        Assert.Equal(500, config.GlobalOutstandingLimit);
    }

    [Fact]
    public void Booleans_ignore_case()
    {
        Assert.True(Parse(SeedConfig + "\nextendedTypesEnabled=TRUE").Config.ExtendedTypesEnabled);
        Assert.False(Parse(SeedConfig + "\nreadonlymode.enabled=False").Config.ReadOnlyModeEnabled);
    }

    [Fact]
    public void Comments_blank_lines_whitespace_and_separators_are_handled()
    {
        var (config, warnings) = Parse("""
            # The number of milliseconds of each tick
              tickTime = 2000
            ! bang comment

            initLimit:10
            syncLimit 5
            	dataDir	=	/tmp/zookeeper	
            clientPort=2181   
            """);

        Assert.Equal(2000, config.TickTimeMs);
        Assert.Equal(10, config.InitLimit);
        Assert.Equal(5, config.SyncLimit);
        Assert.Equal(Path.GetFullPath("/tmp/zookeeper"), config.DataDir);
        Assert.Equal(2181, config.ClientPort);
        Assert.Empty(warnings);
    }

    [Fact]
    public void A_repeated_key_keeps_its_last_value()
    {
        var config = Parse(SeedConfig + "\ntickTime=500\nclientPort=2182").Config;
        Assert.Equal(500, config.TickTimeMs);
        Assert.Equal(2182, config.ClientPort);
    }

    [Fact]
    public void An_invalid_value_overridden_later_is_not_an_error()
    {
        Assert.Equal(1500, Parse("tickTime=abc\n" + SeedConfig + "\ntickTime=1500").Config.TickTimeMs);
    }

    [Fact]
    public void Keys_are_case_sensitive()
    {
        var (config, warnings) = Parse(SeedConfig + "\nTickTime=100");
        Assert.Equal(2000, config.TickTimeMs);
        Assert.Contains(warnings, warning => warning.Contains("TickTime"));
    }

    [Fact]
    public void Unknown_key_is_a_warning_naming_the_key_file_and_line()
    {
        var (_, warnings) = Parse(SeedConfig + "\nfrobnicate.level=11");
        var warning = Assert.Single(warnings);
        Assert.Contains("frobnicate.level", warning);
        Assert.Contains(Source + ":6", warning);
    }

    [Fact]
    public void A_zookeeper_prefixed_key_is_unknown_because_ZooKeeper_would_prefix_it_again()
    {
        Assert.Single(Parse(SeedConfig + "\nzookeeper.snapCount=10").Warnings);
    }

    [Theory]
    [InlineData("admin.enableServer=false")]
    [InlineData("admin.serverPort=8080")]
    [InlineData("standaloneEnabled=true")]
    [InlineData("reconfigEnabled=false")]
    [InlineData("quorumListenOnAllIPs=true")]
    [InlineData("metricsProvider.className=org.apache.zookeeper.metrics.prometheus.PrometheusMetricsProvider")]
    [InlineData("metricsProvider.httpPort=7000")]
    [InlineData("audit.enable=true")]
    [InlineData("electionAlg=3")]
    [InlineData("maxCnxns=100")]
    [InlineData("syncEnabled=true")]
    [InlineData("localSessionsEnabled=false")]
    [InlineData("secureClientPort=2281")]
    [InlineData("ssl.keyStore.location=/etc/zk/keystore.jks")]
    [InlineData("authProvider.1=org.apache.zookeeper.server.auth.SASLAuthenticationProvider")]
    [InlineData("snapshot.trust.empty=true")]
    [InlineData("jvm.pause.warn-threshold.ms=10000")]
    [InlineData("peerType=participant")]
    public void Keys_ZooKeeper_knows_are_accepted_silently(string line)
    {
        Assert.Empty(Parse(SeedConfig + "\n" + line).Warnings);
    }

    [Theory]
    [InlineData("tickTime=abc", "tickTime", "abc")]
    [InlineData("tickTime=0", "tickTime", "0")]
    [InlineData("tickTime=-2000", "tickTime", "-2000")]
    [InlineData("tickTime=2000ms", "tickTime", "2000ms")]
    [InlineData("tickTime=99999999999", "tickTime", "99999999999")]
    [InlineData("tickTime=", "tickTime", "")]
    [InlineData("initLimit=ten", "initLimit", "ten")]
    [InlineData("syncLimit=-1", "syncLimit", "-1")]
    [InlineData("clientPort=-1", "clientPort", "-1")]
    [InlineData("clientPort=65536", "clientPort", "65536")]
    [InlineData("clientPort=21 81", "clientPort", "21 81")]
    [InlineData("clientPortAddress=", "clientPortAddress", "")]
    [InlineData("maxClientCnxns=-5", "maxClientCnxns", "-5")]
    [InlineData("minSessionTimeout=-2", "minSessionTimeout", "-2")]
    [InlineData("maxSessionTimeout=lots", "maxSessionTimeout", "lots")]
    [InlineData("jute.maxbuffer=0", "jute.maxbuffer", "0")]
    [InlineData("jute.maxbuffer=0xfffff", "jute.maxbuffer", "0xfffff")]
    [InlineData("extendedTypesEnabled=yes", "extendedTypesEnabled", "yes")]
    [InlineData("readonlymode.enabled=1", "readonlymode.enabled", "1")]
    [InlineData("forceSync=false", "forceSync", "false")]
    [InlineData("forceSync=NO", "forceSync", "NO")]
    [InlineData("snapCount=many", "snapCount", "many")]
    [InlineData("preAllocSize=-1", "preAllocSize", "-1")]
    [InlineData("autopurge.snapRetainCount=three", "autopurge.snapRetainCount", "three")]
    [InlineData("autopurge.purgeInterval=-1", "autopurge.purgeInterval", "-1")]
    [InlineData("globalOutstandingLimit=0", "globalOutstandingLimit", "0")]
    [InlineData("standaloneEnabled=maybe", "standaloneEnabled", "maybe")]
    [InlineData("dataLogDir=", "dataLogDir", "")]
    [InlineData("electionAlg=1", "electionAlg", "1")]
    [InlineData("peerType=leader", "peerType", "leader")]
    [InlineData("reconfigEnabled=on", "reconfigEnabled", "on")]
    [InlineData("quorumListenOnAllIPs=yes", "quorumListenOnAllIPs", "yes")]
    [InlineData("secureClientPort=tls", "secureClientPort", "tls")]
    [InlineData("jvm.pause.sleep.time.ms=soon", "jvm.pause.sleep.time.ms", "soon")]
    [InlineData("dynamicConfigFile=/etc/zk/zoo.cfg.dynamic", "dynamicConfigFile", "/etc/zk/zoo.cfg.dynamic")]
    [InlineData("group.1=1:2:3", "group.1", "1:2:3")]
    [InlineData("weight.1=1", "weight.1", "1")]
    public void Invalid_value_names_the_key_the_file_and_the_value(string line, string key, string value)
    {
        var error = ParseFails(SeedConfig + "\n" + line);

        Assert.Equal(key, error.Key);
        Assert.Equal(Source, error.SourceName);
        Assert.Contains($"{Source}:6", error.Message);
        Assert.Contains($" {key}", error.Message);
        Assert.Contains($"'{value}'", error.Message);
    }

    [Fact]
    public void Missing_dataDir_is_an_error()
    {
        var error = ParseFails("tickTime=2000\nclientPort=2181");
        Assert.Equal("dataDir", error.Key);
        Assert.Contains(Source, error.Message);
        Assert.Contains("dataDir is not set", error.Message);
    }

    [Fact]
    public void Empty_dataDir_is_an_error()
    {
        Assert.Equal("dataDir", ParseFails("dataDir=\nclientPort=2181").Key);
    }

    [Fact]
    public void ClientPortAddress_without_clientPort_is_an_error()
    {
        var error = ParseFails("dataDir=/tmp/zk\nclientPortAddress=127.0.0.1");
        Assert.Equal("clientPortAddress", error.Key);
        Assert.Contains("127.0.0.1", error.Message);
    }

    [Fact]
    public void No_client_port_at_all_is_allowed_with_a_warning()
    {
        var (config, warnings) = Parse("dataDir=/tmp/zk");
        Assert.Null(config.ClientPort);
        Assert.Contains(warnings, warning => warning.Contains("clientPort"));
    }

    [Fact]
    public void ClientPort_zero_means_not_set_as_in_ZooKeeper()
    {
        Assert.Null(Parse("dataDir=/tmp/zk\nclientPort=0").Config.ClientPort);
    }

    [Fact]
    public void Numbers_accept_a_leading_plus_like_Java()
    {
        Assert.Equal(2181, Parse("dataDir=/tmp/zk\nclientPort=+2181").Config.ClientPort);
    }

    [Fact]
    public void Relative_data_directories_are_resolved_against_the_working_directory_with_a_warning()
    {
        var workingDirectory = Path.GetFullPath(Path.Combine(Path.GetTempPath(), "cc-work"));
        var (config, warnings) = ZooCfgParser.ParseText("dataDir=zkdata\ndataLogDir=./zklog\nclientPort=2181", "/etc/zk/zoo.cfg", workingDirectory);

        Assert.Equal(Path.Combine(workingDirectory, "zkdata"), config.DataDir);
        Assert.Equal(Path.Combine(workingDirectory, "zklog"), config.DataLogDir);
        // "./" marks a relative path as intended; only the bare one is warned about.
        var warning = Assert.Single(warnings);
        Assert.Contains("dataDir", warning);
        Assert.Contains("zkdata", warning);
    }

    [Fact]
    public void Data_log_directory_follows_the_data_directory_unless_set()
    {
        var config = Parse(SeedConfig).Config;
        Assert.Equal(config.DataDir, config.DataLogDir);
        var moved = config with { DataDir = Path.GetFullPath("/srv/zk") };
        Assert.Equal(moved.DataDir, moved.DataLogDir);
    }

    [Fact]
    public void Small_snap_retain_count_is_raised_to_three_with_a_warning()
    {
        var (config, warnings) = Parse(SeedConfig + "\nautopurge.snapRetainCount=1");
        Assert.Equal(3, config.AutopurgeSnapRetainCount);
        Assert.Contains(warnings, warning => warning.Contains("autopurge.snapRetainCount"));
    }

    [Fact]
    public void Small_snap_count_is_raised_to_two_with_a_warning()
    {
        var (config, warnings) = Parse(SeedConfig + "\nsnapCount=1");
        Assert.Equal(2, config.SnapCount);
        Assert.Contains(warnings, warning => warning.Contains("snapCount"));
    }

    [Fact]
    public void ForceSync_yes_keeps_syncing()
    {
        Assert.True(Parse(SeedConfig + "\nforceSync=yes").Config.ForceSync);
    }

    [Fact]
    public void Empty_super_digest_means_no_super_user()
    {
        Assert.Null(Parse(SeedConfig + "\nDigestAuthenticationProvider.superDigest=").Config.SuperDigest);
    }

    [Fact]
    public void Whitelist_is_parsed_trimmed_and_always_includes_srvr()
    {
        var config = Parse(SeedConfig + "\n4lw.commands.whitelist=stat, ruok ,conf,,").Config;
        Assert.Equal(["conf", "ruok", "srvr", "stat"], config.FourLetterWordWhitelist.Order());
        Assert.True(config.IsFourLetterWordEnabled("ruok"));
        Assert.False(config.IsFourLetterWordEnabled("dump"));
        Assert.False(config.IsFourLetterWordEnabled("isro"));
    }

    [Fact]
    public void Whitelist_star_enables_every_command()
    {
        var config = Parse(SeedConfig + "\n4lw.commands.whitelist=*").Config;
        Assert.Equal(FourLetterWords.All.Order(), config.FourLetterWordWhitelist.Order());
        Assert.True(config.IsFourLetterWordEnabled("mntr"));
        Assert.True(config.IsFourLetterWordEnabled("wchp"));
    }

    [Fact]
    public void Whitelist_star_among_names_still_enables_everything()
    {
        Assert.Equal(FourLetterWords.All.Count, Parse(SeedConfig + "\n4lw.commands.whitelist=ruok, *").Config.FourLetterWordWhitelist.Count);
    }

    [Fact]
    public void Read_only_mode_adds_isro_to_the_whitelist()
    {
        var config = Parse(SeedConfig + "\nreadonlymode.enabled=true\n4lw.commands.whitelist=ruok").Config;
        Assert.Equal(["isro", "ruok", "srvr"], config.FourLetterWordWhitelist.Order());
    }

    [Fact]
    public void Unknown_whitelist_name_is_a_warning()
    {
        var (config, warnings) = Parse(SeedConfig + "\n4lw.commands.whitelist=ruok,RUOK,boom");
        Assert.Contains(warnings, warning => warning.Contains("'boom'"));
        Assert.Contains(warnings, warning => warning.Contains("'RUOK'"));
        // Kept, as ZooKeeper keeps them: harmless, since no command has that name.
        Assert.Contains("boom", config.FourLetterWordWhitelist);
        Assert.False(config.IsFourLetterWordEnabled("dump"));
    }

    [Fact]
    public void Malformed_unicode_escape_is_a_config_error()
    {
        var error = ParseFails(SeedConfig + "\ndataLogDir=/tmp/\\u00zz");
        Assert.Contains(Source, error.Message);
        Assert.Contains("line 6", error.Message);
    }

    [Fact]
    public void Parse_reads_a_file_from_disk()
    {
        using var directory = new TempDirectory();
        var path = directory.Write("zoo.cfg", "\uFEFF" + SeedConfig);

        var (config, warnings) = ZooCfgParser.Parse(path);

        Assert.Equal(2000, config.TickTimeMs);
        Assert.Empty(warnings);
    }

    [Fact]
    public void Parse_names_the_file_in_errors()
    {
        using var directory = new TempDirectory();
        var path = directory.Write("zoo.cfg", "tickTime=fast\ndataDir=/tmp/zk");

        var error = Assert.Throws<ConfigException>(() => ZooCfgParser.Parse(path));

        Assert.Equal(path, error.SourceName);
        Assert.Contains(path + ":1", error.Message);
        Assert.Contains("tickTime", error.Message);
        Assert.Contains("'fast'", error.Message);
    }

    [Fact]
    public void Parse_of_a_missing_file_is_a_config_error()
    {
        using var directory = new TempDirectory();
        var path = Path.Combine(directory.Path, "absent.cfg");

        var error = Assert.Throws<ConfigException>(() => ZooCfgParser.Parse(path));

        Assert.Contains(path, error.Message);
        Assert.IsAssignableFrom<IOException>(error.InnerException);
    }
}
