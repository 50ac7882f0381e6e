using System.Globalization;
using System.Text;

namespace ConfigCenter.Testing.Servers;

/// <summary>
/// Renders the zoo.cfg both implementations read. Apache ZooKeeper turns keys it does not know into
/// "zookeeper."-prefixed system properties (that is how 4lw.commands.whitelist and superDigest reach it);
/// our server reads the same keys directly.
/// </summary>
public static class ZooCfg
{
    public const string ContainerCheckIntervalKey = "znode.container.checkIntervalMs";

    public static string Render(ZkServerOptions options, int clientPort, string dataDirectory)
    {
        var lines = new List<KeyValuePair<string, string>>
        {
            new("tickTime", Number(options.TickTimeMs)),
            new("dataDir", dataDirectory),
            new("clientPort", Number(clientPort)),
            new("clientPortAddress", "127.0.0.1"),
            // Tests open many short connections from one address; the default limit of 60 would refuse some.
            new("maxClientCnxns", "0"),
        };
        if (options.MinSessionTimeoutMs is { } min)
        {
            lines.Add(new("minSessionTimeout", Number(min)));
        }

        if (options.MaxSessionTimeoutMs is { } max)
        {
            lines.Add(new("maxSessionTimeout", Number(max)));
        }

        lines.Add(new("4lw.commands.whitelist", "*"));
        // The AdminServer would bind the fixed port 8080 and collide between parallel tests.
        lines.Add(new("admin.enableServer", "false"));
        if (options.ExtendedTypes)
        {
            lines.Add(new("extendedTypesEnabled", "true"));
        }

        if (options.SuperDigest is { } superDigest)
        {
            lines.Add(new("DigestAuthenticationProvider.superDigest", superDigest));
        }

        if (options.ContainerCheckIntervalMs is { } interval)
        {
            lines.Add(new(ContainerCheckIntervalKey, Number(interval)));
        }

        lines.AddRange(options.ExtraConfig);

        var text = new StringBuilder();
        foreach (var (key, value) in lines)
        {
            text.Append(key).Append('=').Append(value).Append('\n');
        }

        return text.ToString();
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
