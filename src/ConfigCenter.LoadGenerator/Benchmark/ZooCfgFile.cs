using System.Globalization;
using System.Text;

namespace ConfigCenter.LoadGenerator.Benchmark;

/// <summary>
/// The one zoo.cfg both servers get. ZooKeeper turns keys it does not parse itself (forceSync,
/// snapCount, 4lw.commands.whitelist) into "zookeeper."-prefixed system properties, which is where it
/// reads them; our server reads the same keys directly. An ensemble member's file adds initLimit,
/// syncLimit and the server.N lines; its id is in dataDir/myid.
/// </summary>
internal static class ZooCfgFile
{
    public static void Write(string path, int clientPort, string dataDir, int tickTimeMs, int snapCount, IReadOnlyList<string>? serverLines = null) =>
        File.WriteAllText(path, Render(clientPort.ToString(CultureInfo.InvariantCulture), dataDir, tickTimeMs, snapCount, serverLines));

    /// <summary>The file's text; the port is a string so that the report can show a placeholder.</summary>
    /// <param name="serverLines">server.N lines of an ensemble; null for a standalone server.</param>
    public static string Render(string clientPort, string dataDir, int tickTimeMs, int snapCount, IReadOnlyList<string>? serverLines = null)
    {
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder()
            .Append(c, $"tickTime={tickTimeMs}\n")
            .Append(c, $"dataDir={dataDir}\n")
            .Append(c, $"clientPort={clientPort}\n")
            .Append("clientPortAddress=127.0.0.1\n")
            // Many sessions from one address; the default of 60 would refuse some.
            .Append("maxClientCnxns=0\n")
            .Append("forceSync=yes\n")
            .Append(c, $"snapCount={snapCount}\n")
            .Append("autopurge.purgeInterval=0\n")
            .Append("4lw.commands.whitelist=*\n")
            // ZooKeeper's AdminServer would take port 8080.
            .Append("admin.enableServer=false\n");
        if (serverLines is null) return text.ToString();

        text.Append(c, $"initLimit={EnsembleLayout.InitLimit}\n").Append(c, $"syncLimit={EnsembleLayout.SyncLimit}\n");
        foreach (var line in serverLines) text.Append(line).Append('\n');
        return text.ToString();
    }
}
