using ConfigCenter.Conformance.Tests.Support;
using ConfigCenter.Testing.Servers;

namespace ConfigCenter.Conformance.Tests.FourLetterWords;

public sealed class FourLetterWordTests
{
    [Theory, BothServerKinds]
    public async Task Ruok_and_isro_answer_exactly(ServerKind kind)
    {
        await using var server = await ZkServers.StartAsync(kind);

        Assert.Equal("imok", await server.FourLetterWordAsync("ruok"));
        Assert.Equal("rw", await server.FourLetterWordAsync("isro"));
    }

    [Theory, BothServerKinds]
    public async Task Srvr_and_stat_report_version_and_standalone_mode(ServerKind kind)
    {
        await using var server = await ZkServers.StartAsync(kind);

        var srvr = await server.FourLetterWordAsync("srvr");
        Assert.StartsWith("Zookeeper version: ", srvr, StringComparison.Ordinal);
        Assert.Contains("\nMode: standalone\n", srvr, StringComparison.Ordinal);
        Assert.Contains("\nNode count: ", srvr, StringComparison.Ordinal);

        var stat = await server.FourLetterWordAsync("stat");
        Assert.StartsWith("Zookeeper version: ", stat, StringComparison.Ordinal);
        Assert.Contains("\nClients:\n", stat, StringComparison.Ordinal);
        Assert.Contains("\nMode: standalone\n", stat, StringComparison.Ordinal);
    }

    [Theory, BothServerKinds]
    public async Task Mntr_reports_tab_separated_metrics(ServerKind kind)
    {
        await using var server = await ZkServers.StartAsync(kind);

        var mntr = await server.FourLetterWordAsync("mntr");
        Assert.StartsWith("zk_version\t", mntr, StringComparison.Ordinal);
        Assert.Contains("\nzk_server_state\tstandalone\n", mntr, StringComparison.Ordinal);
        Assert.Contains("\nzk_znode_count\t", mntr, StringComparison.Ordinal);
        Assert.All(mntr.TrimEnd('\n').Split('\n'), line => Assert.Equal(2, line.Split('\t').Length));
    }

    [Theory, BothServerKinds]
    public async Task Conf_reports_the_configured_port_and_tick_time(ServerKind kind)
    {
        await using var server = await ZkServers.StartAsync(kind, new ZkServerOptions { TickTimeMs = 500 });

        var conf = await server.FourLetterWordAsync("conf");
        Assert.Contains($"clientPort={server.ClientPort}\n", conf, StringComparison.Ordinal);
        Assert.Contains("\ntickTime=500\n", conf, StringComparison.Ordinal);
        // Defaults derived from tickTime: 2 and 20 ticks.
        Assert.Contains("\nminSessionTimeout=1000\n", conf, StringComparison.Ordinal);
        Assert.Contains("\nmaxSessionTimeout=10000\n", conf, StringComparison.Ordinal);
    }

    [Theory, BothServerKinds]
    public async Task Informational_words_all_answer(ServerKind kind)
    {
        await using var server = await ZkServers.StartAsync(kind);

        string[] words = ["stat", "srvr", "cons", "envi", "conf", "wchs", "wchc", "wchp", "dump", "mntr", "dirs", "isro", "ruok"];
        var silent = new List<string>();
        foreach (var word in words)
        {
            if ((await server.FourLetterWordAsync(word)).Length == 0)
            {
                silent.Add(word);
            }
        }

        Assert.Empty(silent);
    }

    [Theory, BothServerKinds]
    public async Task Envi_wchs_and_dump_start_with_their_headers(ServerKind kind)
    {
        await using var server = await ZkServers.StartAsync(kind);

        Assert.StartsWith("Environment:\nzookeeper.version=", await server.FourLetterWordAsync("envi"), StringComparison.Ordinal);
        Assert.EndsWith("\nTotal watches:0\n", await server.FourLetterWordAsync("wchs"), StringComparison.Ordinal);
        Assert.StartsWith("SessionTracker dump:\n", await server.FourLetterWordAsync("dump"), StringComparison.Ordinal);
        Assert.Equal("Server stats reset.\n", await server.FourLetterWordAsync("srst"));
    }

    [Theory, BothServerKinds]
    public async Task Unknown_word_gets_no_reply(ServerKind kind)
    {
        await using var server = await ZkServers.StartAsync(kind);

        Assert.Equal("", await server.FourLetterWordAsync("xyzw"));
        Assert.Equal("imok", await server.FourLetterWordAsync("ruok"));
    }
}
