using System.Globalization;
using ConfigCenter.Testing.Servers;

namespace ConfigCenter.Discovery.Benchmark;

/// <summary>Command line: --servers configcenter,zookeeper --consumers 100 --iterations 50.</summary>
public sealed record BenchmarkSettings(IReadOnlyList<ServerKind> Servers, int Consumers, int Iterations)
{
    public static BenchmarkSettings Parse(string[] args)
    {
        var servers = new List<ServerKind> { ServerKind.ConfigCenter, ServerKind.ApacheZooKeeper };
        var consumers = 100;
        var iterations = 50;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--servers":
                    servers = [.. args[i + 1].Split(',').Select(name => name.Trim().ToLowerInvariant() switch
                    {
                        "configcenter" => ServerKind.ConfigCenter,
                        "zookeeper" or "apache" => ServerKind.ApacheZooKeeper,
                        _ => throw new ArgumentException($"Unknown server {name}; use configcenter or zookeeper."),
                    })];
                    break;
                case "--consumers":
                    consumers = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
                    break;
                case "--iterations":
                    iterations = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
                    break;
                default:
                    throw new ArgumentException($"Unknown option {args[i]}.");
            }
        }
        return new BenchmarkSettings(servers, consumers, iterations);
    }
}
