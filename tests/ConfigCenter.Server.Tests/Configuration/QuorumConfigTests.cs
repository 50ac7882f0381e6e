using ConfigCenter.Server.Configuration;

namespace ConfigCenter.Server.Tests.Configuration;

/// <summary>server.N lines, the myid file, and the checks ZooKeeper applies to an ensemble.</summary>
public sealed class QuorumConfigTests : IDisposable
{
    private const string Source = "ensemble/zoo.cfg";
    private readonly TempDirectory _dataDir = new();

    public void Dispose() => _dataDir.Dispose();

    // The pseudo-cluster of ZooKeeper's getting-started guide: three servers on one host.
    private string PseudoCluster(string extraLines = "") => $"""
        tickTime=2000
        dataDir={_dataDir.Path}
        clientPort=2181
        initLimit=5
        syncLimit=2
        server.1=127.0.0.1:2888:3888
        server.2=127.0.0.1:2889:3889
        server.3=127.0.0.1:2890:3890
        {extraLines}
        """;

    private void WriteMyId(string content) => _dataDir.Write("myid", content);

    private ZooCfgParseResult Parse(string text) => ZooCfgParser.ParseText(text, Source);

    private ConfigException ParseFails(string text) => Assert.Throws<ConfigException>(() => Parse(text));

    [Fact]
    public void Parses_a_pseudo_cluster_with_its_myid()
    {
        WriteMyId("2\n");

        var (config, warnings) = Parse(PseudoCluster());

        Assert.Equal(
            [
                new QuorumServerSpec(1, "127.0.0.1", 2888, 3888),
                new QuorumServerSpec(2, "127.0.0.1", 2889, 3889),
                new QuorumServerSpec(3, "127.0.0.1", 2890, 3890),
            ],
            config.Servers);
        Assert.Equal(2, config.MyId);
        Assert.True(config.IsDistributed);
        Assert.Equal(2181, config.ClientPort);
        Assert.Empty(warnings);
    }

    [Fact]
    public void Servers_are_ordered_by_id_whatever_the_file_order()
    {
        WriteMyId("1");
        var text = $"dataDir={_dataDir.Path}\nclientPort=2181\ninitLimit=5\nsyncLimit=2\n"
            + "server.3=c:2888:3888\nserver.1=a:2888:3888\nserver.2=b:2888:3888";

        Assert.Equal([1L, 2L, 3L], Parse(text).Config.Servers.Select(server => server.Id));
    }

    [Fact]
    public void Parses_observers_and_explicit_participants()
    {
        WriteMyId("4");

        var config = Parse(PseudoCluster("server.4=127.0.0.1:2891:3891:observer\nserver.5=127.0.0.1:2892:3892:PARTICIPANT ")).Config;

        Assert.Equal(PeerRole.Observer, config.Servers.Single(server => server.Id == 4).Role);
        Assert.Equal(PeerRole.Participant, config.Servers.Single(server => server.Id == 5).Role);
        Assert.Equal(4, config.MyId);
    }

    [Fact]
    public void Parses_client_addresses_and_IPv6_hosts()
    {
        WriteMyId("1");
        var text = $"""
            dataDir={_dataDir.Path}
            initLimit=5
            syncLimit=2
            server.1=[::1]:2888:3888;2181
            server.2=zk2.example.com:2888:3888:participant;10.0.0.2:2182
            server.3=[fe80::1]:2888:3888:observer;[fe80::1]:2183
            """;

        var servers = Parse(text).Config.Servers;

        Assert.Equal(new QuorumServerSpec(1, "::1", 2888, 3888, PeerRole.Participant, "0.0.0.0", 2181), servers[0]);
        Assert.Equal(new QuorumServerSpec(2, "zk2.example.com", 2888, 3888, PeerRole.Participant, "10.0.0.2", 2182), servers[1]);
        Assert.Equal(new QuorumServerSpec(3, "fe80::1", 2888, 3888, PeerRole.Observer, "fe80::1", 2183), servers[2]);
    }

    [Fact]
    public void Client_address_of_the_own_server_line_sets_the_client_port()
    {
        WriteMyId("2");
        var text = $"""
            dataDir={_dataDir.Path}
            initLimit=5
            syncLimit=2
            server.1=127.0.0.1:2888:3888;2181
            server.2=127.0.0.1:2889:3889;127.0.0.1:2182
            server.3=127.0.0.1:2890:3890;2183
            """;

        var config = Parse(text).Config;

        Assert.Equal(2182, config.ClientPort);
        Assert.Equal("127.0.0.1", config.ClientPortAddress);
    }

    [Fact]
    public void ClientPort_that_agrees_with_the_own_server_line_is_accepted()
    {
        WriteMyId("1");
        var text = PseudoCluster().Replace("server.1=127.0.0.1:2888:3888", "server.1=127.0.0.1:2888:3888;127.0.0.1:2181");

        var config = Parse(text).Config;

        Assert.Equal(2181, config.ClientPort);
        Assert.Equal("127.0.0.1", config.ClientPortAddress);
    }

    [Fact]
    public void ClientPort_that_contradicts_the_own_server_line_is_an_error()
    {
        WriteMyId("1");
        var text = PseudoCluster().Replace("server.1=127.0.0.1:2888:3888", "server.1=127.0.0.1:2888:3888;2999");

        var error = ParseFails(text);

        Assert.Equal("clientPort", error.Key);
        Assert.Contains("2999", error.Message);
        Assert.Contains("2181", error.Message);
    }

    [Fact]
    public void Missing_myid_in_an_ensemble_is_an_error()
    {
        var error = ParseFails(PseudoCluster());
        Assert.Contains(Path.Combine(_dataDir.Path, "myid"), error.Message);
        Assert.Contains("missing", error.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("one")]
    [InlineData("1.5")]
    [InlineData("-3")]
    [InlineData("99999999999999999999")]
    public void Invalid_myid_is_an_error_naming_the_file_and_content(string content)
    {
        WriteMyId(content);

        var error = ParseFails(PseudoCluster());

        var myIdPath = Path.Combine(_dataDir.Path, "myid");
        Assert.Equal(myIdPath, error.SourceName);
        Assert.Contains(myIdPath, error.Message);
        Assert.Contains($"'{content}'", error.Message);
    }

    [Fact]
    public void Myid_takes_the_first_line_and_forgives_surrounding_whitespace()
    {
        WriteMyId("  3 \r\nsecond line is ignored");
        Assert.Equal(3, Parse(PseudoCluster()).Config.MyId);
    }

    [Fact]
    public void Myid_without_a_matching_server_line_is_an_error()
    {
        WriteMyId("7");
        var error = ParseFails(PseudoCluster());
        Assert.Contains("server.7", error.Message);
    }

    [Fact]
    public void Myid_is_not_read_without_server_lines()
    {
        WriteMyId("not a number");

        var config = Parse($"dataDir={_dataDir.Path}\nclientPort=2181").Config;

        Assert.Null(config.MyId);
        Assert.False(config.IsDistributed);
    }

    [Theory]
    [InlineData("initLimit")]
    [InlineData("syncLimit")]
    public void An_ensemble_needs_initLimit_and_syncLimit(string key)
    {
        WriteMyId("1");
        var text = PseudoCluster().Replace($"{key}=", $"#{key}=");

        var error = ParseFails(text);

        Assert.Equal(key, error.Key);
        Assert.Contains(key, error.Message);
        Assert.Contains(Source, error.Message);
    }

    [Fact]
    public void A_single_server_line_means_standalone_with_a_warning()
    {
        var (config, warnings) = Parse($"dataDir={_dataDir.Path}\nclientPort=2181\nserver.1=127.0.0.1:2888:3888");

        Assert.Single(config.Servers);
        Assert.False(config.IsDistributed);
        Assert.Null(config.MyId);
        Assert.Contains(warnings, warning => warning.Contains("standalone"));
    }

    [Fact]
    public void A_single_server_line_with_standalone_disabled_is_an_ensemble()
    {
        WriteMyId("1");

        var config = Parse($"dataDir={_dataDir.Path}\nclientPort=2181\ninitLimit=5\nsyncLimit=2\nstandaloneEnabled=false\nserver.1=127.0.0.1:2888:3888").Config;

        Assert.True(config.IsDistributed);
        Assert.Equal(1, config.MyId);
    }

    [Fact]
    public void Standalone_disabled_without_servers_is_an_error()
    {
        Assert.Equal("standaloneEnabled", ParseFails($"dataDir={_dataDir.Path}\nclientPort=2181\nstandaloneEnabled=false").Key);
    }

    [Fact]
    public void Observers_without_participants_are_an_error()
    {
        var error = ParseFails($"dataDir={_dataDir.Path}\nclientPort=2181\nserver.1=127.0.0.1:2888:3888:observer");
        Assert.Contains("observers", error.Message);
    }

    [Fact]
    public void Observers_with_a_single_participant_are_an_error()
    {
        var text = $"dataDir={_dataDir.Path}\nclientPort=2181\nserver.1=127.0.0.1:2888:3888\nserver.2=127.0.0.1:2889:3889:observer";
        Assert.Contains("observers", ParseFails(text).Message);
    }

    [Fact]
    public void Two_or_an_even_number_of_participants_get_a_warning()
    {
        WriteMyId("1");
        Assert.Single(Parse(PseudoCluster().Replace("server.3=127.0.0.1:2890:3890", "")).Warnings);
        Assert.Single(Parse(PseudoCluster("server.4=127.0.0.1:2891:3891")).Warnings);
        Assert.Empty(Parse(PseudoCluster("server.4=127.0.0.1:2891:3891:observer")).Warnings);
    }

    [Fact]
    public void PeerType_that_disagrees_with_the_own_server_line_is_a_warning()
    {
        WriteMyId("1");
        var (_, warnings) = Parse(PseudoCluster("peerType=observer"));
        Assert.Contains(warnings, warning => warning.Contains("peerType"));
    }

    [Fact]
    public void Server_ids_written_differently_but_equal_are_an_error()
    {
        WriteMyId("1");
        var error = ParseFails(PseudoCluster("server.01=127.0.0.1:2891:3891"));
        Assert.Equal("server.01", error.Key);
        Assert.Contains("server.1", error.Message);
    }

    [Theory]
    [InlineData("127.0.0.1:2888")]
    [InlineData("127.0.0.1")]
    [InlineData("127.0.0.1:2888:3888:observer:extra")]
    [InlineData("127.0.0.1:2888:3888:witness")]
    [InlineData("127.0.0.1:peer:3888")]
    [InlineData("127.0.0.1:2888:70000")]
    [InlineData("127.0.0.1:0:3888")]
    [InlineData("127.0.0.1:2888:2888")]
    [InlineData(":2888:3888")]
    [InlineData("[::1:2888:3888")]
    [InlineData("[::1]:")]
    [InlineData("127.0.0.1:2888:3888;2181;2182")]
    [InlineData("127.0.0.1:2888:3888;host:port")]
    [InlineData("127.0.0.1:2888:3888;a:b:2181")]
    [InlineData("10.0.0.1:2888:3888|10.0.0.2:2888:3888")]
    [InlineData("")]
    public void Bad_server_line_names_the_key_the_file_and_the_value(string value)
    {
        var error = ParseFails($"dataDir={_dataDir.Path}\nclientPort=2181\nserver.1={value}");

        Assert.Equal("server.1", error.Key);
        Assert.Contains($"{Source}:3", error.Message);
        Assert.Contains("server.1", error.Message);
        Assert.Contains($"'{value}'", error.Message);
    }

    [Theory]
    [InlineData("server.one")]
    [InlineData("server.-1")]
    [InlineData("server.")]
    [InlineData("server.1.2")]
    public void Bad_server_id_names_the_key_and_the_file(string key)
    {
        var error = ParseFails($"dataDir={_dataDir.Path}\nclientPort=2181\n{key}=127.0.0.1:2888:3888");

        Assert.Equal(key, error.Key);
        Assert.Contains($"{Source}:3", error.Message);
        Assert.Contains(key, error.Message);
    }

    [Fact]
    public void Trailing_separators_are_dropped_as_Javas_split_does()
    {
        var config = Parse($"dataDir={_dataDir.Path}\nclientPort=2181\nserver.1=127.0.0.1:2888:3888:;").Config;
        Assert.Equal(new QuorumServerSpec(1, "127.0.0.1", 2888, 3888), Assert.Single(config.Servers));
    }
}
