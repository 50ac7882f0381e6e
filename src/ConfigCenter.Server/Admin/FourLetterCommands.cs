using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using ConfigCenter.Server.Network;
using ConfigCenter.Server.Pipeline;

namespace ConfigCenter.Server.Admin;

/// <summary>
/// ZooKeeper's four-letter words: a connection whose first four bytes spell a command gets a text
/// answer instead of a session. Commands outside 4lw.commands.whitelist are refused as ZooKeeper refuses them.
/// </summary>
internal static class FourLetterCommands
{
    /// <summary>Reports itself as 3.8-compatible, as tools such as kazoo parse the version from envi.</summary>
    public static readonly string ServerVersion = $"3.8.0-ConfigCenter-{AdminContext.Version}";

    public static bool TryParse(ReadOnlySpan<byte> firstFour, out string word)
    {
        word = Encoding.ASCII.GetString(firstFour);
        return BinaryPrimitives.ReadInt32BigEndian(firstFour) > 0 && Configuration.FourLetterWords.All.Contains(word);
    }

    private const string NotServing = "This ZooKeeper instance is not currently serving requests\n";

    public static string Execute(string word, ZkServerCore core, AdminContext context)
    {
        if (!context.IsEnabled(word))
            return $"{word} is not executed because it is not in the whitelist.\n";
        // As ZooKeeper: without a quorum the server answers only ruok, isro and the static commands.
        if (!core.IsServing && !core.IsReadOnly && word is "srvr" or "stat" or "mntr" or "cons" or "dump" or "wchs" or "wchc" or "wchp" or "hash")
            return NotServing;
        return word switch
        {
            "ruok" => "imok",
            "isro" => core.IsReadOnly ? "ro" : core.IsServing ? "rw" : "null",
            "srvr" => Server(core, withClients: false),
            "stat" => Server(core, withClients: true),
            "conf" => Conf(context),
            "cons" => Cons(core),
            "crst" => ResetConnections(core),
            "srst" => ResetServer(core),
            "dump" => Dump(core),
            "envi" => Envi(),
            "wchs" => WatchSummary(core),
            "wchc" => WatchesByConnection(core) + "\n",
            "wchp" => WatchesByPath(core) + "\n",
            "mntr" => Monitor(core),
            "gtmk" => "0\n",
            "stmk" => "0\n",
            "hash" => $"0x{core.LastZxid:x}\n",
            "dirs" => $"datadir_size: {DirectorySize(context.DataDir)}\nlogdir_size: {DirectorySize(context.DataLogDir)}\n",
            _ => "",
        };
    }

    private static string Server(ZkServerCore core, bool withClients)
    {
        var s = core.Statistics;
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Zookeeper version: {ServerVersion}, built on {BuildDate()}\n");
        if (withClients)
        {
            text.Append("Clients:\n");
            foreach (var connection in core.Connections.OfType<ClientConnection>()) text.Append(' ').Append(Describe(connection)).Append('\n');
            text.Append('\n');
        }
        text.Append(CultureInfo.InvariantCulture, $"Latency min/avg/max: {MinLatency(s)}/{s.AverageLatencyMs:0.0###}/{s.MaxLatencyMs}\n");
        text.Append(CultureInfo.InvariantCulture, $"Received: {s.PacketsReceived}\n");
        text.Append(CultureInfo.InvariantCulture, $"Sent: {s.PacketsSent}\n");
        text.Append(CultureInfo.InvariantCulture, $"Connections: {core.Connections.Count}\n");
        text.Append("Outstanding: 0\n");
        text.Append(CultureInfo.InvariantCulture, $"Zxid: 0x{core.LastZxid:x}\n");
        text.Append(CultureInfo.InvariantCulture, $"Mode: {core.Mode}\n");
        text.Append(CultureInfo.InvariantCulture, $"Node count: {NodeCount(core)}\n");
        return text.ToString();
    }

    private static string Conf(AdminContext context)
    {
        var text = new StringBuilder();
        foreach (var (key, value) in context.Configuration)
        {
            text.Append(key).Append('=').Append(value).Append('\n');
            // ZooKeeper follows each directory with its size.
            if (key == "dataDir") text.Append(CultureInfo.InvariantCulture, $"dataDirSize={DirectorySize(context.DataDir)}\n");
            if (key == "dataLogDir") text.Append(CultureInfo.InvariantCulture, $"dataLogSize={DirectorySize(context.DataLogDir)}\n");
        }
        return text.ToString();
    }

    private static string Cons(ZkServerCore core)
    {
        var text = new StringBuilder();
        foreach (var connection in core.Connections.OfType<ClientConnection>()) text.Append(' ').Append(Describe(connection)).Append('\n');
        return text.Append('\n').ToString();
    }

    private static string ResetConnections(ZkServerCore core)
    {
        foreach (var connection in core.Connections.OfType<ClientConnection>()) connection.PacketsReceived = 0;
        return "Connection stats reset.\n";
    }

    private static string ResetServer(ZkServerCore core)
    {
        core.Statistics.Reset();
        return "Server stats reset.\n";
    }

    private static string Dump(ZkServerCore core)
    {
        var text = new StringBuilder("SessionTracker dump:\n");
        text.Append(CultureInfo.InvariantCulture, $"Global Sessions({core.Sessions.Count}):\n");
        foreach (var session in core.Sessions.All.OrderBy(s => s.Id))
            text.Append(CultureInfo.InvariantCulture, $"0x{session.Id:x}\t{session.TimeoutMs}ms\n");
        text.Append("ephemeral nodes dump:\n");
        text.Append(CultureInfo.InvariantCulture, $"Sessions with Ephemerals ({core.Tree.EphemeralsBySession.Count}):\n");
        foreach (var (sessionId, paths) in core.Tree.EphemeralsBySession.OrderBy(e => e.Key))
        {
            text.Append(CultureInfo.InvariantCulture, $"0x{sessionId:x}:\n");
            foreach (var path in paths) text.Append('\t').Append(path).Append('\n');
        }
        text.Append("Connections with Ephemerals:\n");
        return text.ToString();
    }

    private static string Envi()
    {
        var text = new StringBuilder("Environment:\n");
        text.Append(CultureInfo.InvariantCulture, $"zookeeper.version={ServerVersion}, built on {BuildDate()}\n");
        text.Append(CultureInfo.InvariantCulture, $"host.name={Environment.MachineName}\n");
        text.Append(CultureInfo.InvariantCulture, $"dotnet.version={Environment.Version}\n");
        text.Append(CultureInfo.InvariantCulture, $"os.name={Environment.OSVersion.Platform}\n");
        text.Append(CultureInfo.InvariantCulture, $"os.version={Environment.OSVersion.VersionString}\n");
        text.Append(CultureInfo.InvariantCulture, $"os.arch={System.Runtime.InteropServices.RuntimeInformation.OSArchitecture}\n");
        text.Append(CultureInfo.InvariantCulture, $"user.name={Environment.UserName}\n");
        text.Append(CultureInfo.InvariantCulture, $"user.dir={Environment.CurrentDirectory}\n");
        text.Append(CultureInfo.InvariantCulture, $"os.memory.used={GC.GetTotalMemory(false) / (1024 * 1024)}MB\n");
        text.Append(CultureInfo.InvariantCulture, $"process.id={Environment.ProcessId}\n");
        return text.ToString();
    }

    private static string WatchSummary(ZkServerCore core)
    {
        var (connections, paths, total) = WatchCounts(core);
        return $"{connections} connections watching {paths} paths\nTotal watches:{total}\n";
    }

    private static (int Connections, int Paths, int Total) WatchCounts(ZkServerCore core)
    {
        var all = core.Tree.DataWatches.All().Concat(core.Tree.ChildWatches.All()).ToList();
        return (all.Select(w => w.Watcher).Distinct().Count(), all.Select(w => w.Path).Distinct().Count(), all.Count);
    }

    private static string WatchesByConnection(ZkServerCore core)
    {
        var text = new StringBuilder();
        var all = core.Tree.DataWatches.All().Concat(core.Tree.ChildWatches.All());
        foreach (var group in all.GroupBy(w => w.Watcher))
        {
            var sessionId = (group.Key as ClientConnection)?.SessionId ?? 0;
            text.Append(CultureInfo.InvariantCulture, $"0x{sessionId:x}\n");
            foreach (var path in group.Select(w => w.Path).Distinct().Order(StringComparer.Ordinal)) text.Append('\t').Append(path).Append('\n');
        }
        return text.ToString();
    }

    private static string WatchesByPath(ZkServerCore core)
    {
        var text = new StringBuilder();
        var all = core.Tree.DataWatches.All().Concat(core.Tree.ChildWatches.All());
        foreach (var group in all.GroupBy(w => w.Path).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            text.Append(group.Key).Append('\n');
            foreach (var watcher in group.Select(w => w.Watcher).Distinct())
                text.Append(CultureInfo.InvariantCulture, $"\t0x{(watcher as ClientConnection)?.SessionId ?? 0:x}\n");
        }
        return text.ToString();
    }

    private static string Monitor(ZkServerCore core)
    {
        var s = core.Statistics;
        var (_, _, watches) = WatchCounts(core);
        var lines = new List<(string, string)>
        {
            ("zk_version", $"{ServerVersion}, built on {BuildDate()}"),
            ("zk_server_state", core.Mode),
            ("zk_avg_latency", s.AverageLatencyMs.ToString("0.0###", CultureInfo.InvariantCulture)),
            ("zk_max_latency", s.MaxLatencyMs.ToString(CultureInfo.InvariantCulture)),
            ("zk_min_latency", MinLatency(s).ToString(CultureInfo.InvariantCulture)),
            ("zk_packets_received", s.PacketsReceived.ToString(CultureInfo.InvariantCulture)),
            ("zk_packets_sent", s.PacketsSent.ToString(CultureInfo.InvariantCulture)),
            ("zk_num_alive_connections", core.Connections.Count.ToString(CultureInfo.InvariantCulture)),
            ("zk_outstanding_requests", "0"),
            ("zk_znode_count", NodeCount(core).ToString(CultureInfo.InvariantCulture)),
            ("zk_watch_count", watches.ToString(CultureInfo.InvariantCulture)),
            ("zk_ephemerals_count", core.Tree.EphemeralsBySession.Values.Sum(p => p.Count).ToString(CultureInfo.InvariantCulture)),
            ("zk_approximate_data_size", core.Tree.ApproximateDataSize.ToString(CultureInfo.InvariantCulture)),
            ("zk_open_file_descriptor_count", OpenFileDescriptors().ToString(CultureInfo.InvariantCulture)),
            ("zk_global_sessions", core.Sessions.Count.ToString(CultureInfo.InvariantCulture)),
            ("zk_last_zxid", $"0x{core.LastZxid:x}"),
        };
        if (core.LeaderView is { } leader)
        {
            lines.Add(("zk_learners", leader.Learners.ToString(CultureInfo.InvariantCulture)));
            lines.Add(("zk_synced_followers", leader.SyncedFollowers.ToString(CultureInfo.InvariantCulture)));
            lines.Add(("zk_synced_non_voting_followers", "0"));
            lines.Add(("zk_synced_observers", leader.SyncedObservers.ToString(CultureInfo.InvariantCulture)));
            lines.Add(("zk_pending_syncs", leader.PendingSyncs.ToString(CultureInfo.InvariantCulture)));
        }
        return string.Concat(lines.Select(l => $"{l.Item1}\t{l.Item2}\n"));
    }

    private static string Describe(ClientConnection c) =>
        $"/{c.RemoteEndPoint}[1](queued=0,recved={c.PacketsReceived},sent={c.PacketsSent},sid=0x{c.SessionId:x})";

    /// <summary>ZooKeeper's node table holds the root twice (as "" and "/"), and its count shows it.</summary>
    private static int NodeCount(ZkServerCore core) => core.Tree.NodeCount + 1;

    private static long MinLatency(ServerStatistics s) => s.LatencyCount == 0 ? 0 : s.MinLatencyMs;

    private static string BuildDate() => File.GetLastWriteTimeUtc(typeof(FourLetterCommands).Assembly.Location).ToString("MM/dd/yyyy HH:mm 'GMT'", CultureInfo.InvariantCulture);

    private static long DirectorySize(string path) =>
        Directory.Exists(path) ? new DirectoryInfo(path).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length) : 0;

    private static int OpenFileDescriptors() =>
        Directory.Exists("/proc/self/fd") ? Directory.GetFiles("/proc/self/fd").Length : 0;
}
