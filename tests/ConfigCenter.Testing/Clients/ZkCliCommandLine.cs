using ConfigCenter.Testing.Infrastructure;

namespace ConfigCenter.Testing.Clients;

/// <summary>
/// The java command behind zkCli.sh. Calling ZooKeeperMain directly skips the shell wrappers and lets the
/// harness choose a quiet logger and fast-start JVM flags.
/// </summary>
internal static class ZkCliCommandLine
{
    public static string FileName => ApacheZooKeeperInstall.JavaExecutable;

    public static IReadOnlyList<string> Arguments(string connectString) =>
    [
        .. ApacheZooKeeperInstall.FastStartJvmFlags,
        "-cp", ApacheZooKeeperInstall.ClientClassPath,
        "org.apache.zookeeper.ZooKeeperMain",
        "-server", connectString,
    ];
}
