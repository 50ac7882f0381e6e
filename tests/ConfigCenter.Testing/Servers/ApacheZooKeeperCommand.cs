using System.Globalization;
using ConfigCenter.Testing.Infrastructure;

namespace ConfigCenter.Testing.Servers;

/// <summary>Starts Debian's Apache ZooKeeper 3.8 standalone, in the foreground, straight from the jars.</summary>
public static class ApacheZooKeeperCommand
{
    /// <param name="quorum">Run QuorumPeerMain, the entry point that reads server.N lines and myid.</param>
    public static ServerCommand Create(string configPath, ZkServerOptions options, bool quorum = false)
    {
        var arguments = new List<string>(ApacheZooKeeperInstall.FastStartJvmFlags)
        {
            "-cp", ApacheZooKeeperInstall.ServerClassPath,
            "-Dorg.slf4j.simpleLogger.showDateTime=true",
            "-Dorg.slf4j.simpleLogger.defaultLogLevel=info",
        };
        if (options.ContainerCheckIntervalMs is { } interval)
        {
            // ContainerManager reads this as a bare system property, which zoo.cfg cannot set (it would get a "zookeeper." prefix).
            arguments.Add($"-D{ZooCfg.ContainerCheckIntervalKey}={interval.ToString(CultureInfo.InvariantCulture)}");
        }

        // ZooKeeperServerMain is the standalone entry point; QuorumPeerMain (what zkServer.sh runs) would only delegate to it.
        arguments.Add(quorum ? "org.apache.zookeeper.server.quorum.QuorumPeerMain" : "org.apache.zookeeper.server.ZooKeeperServerMain");
        arguments.Add(configPath);
        return new ServerCommand(ApacheZooKeeperInstall.JavaExecutable, arguments);
    }
}
