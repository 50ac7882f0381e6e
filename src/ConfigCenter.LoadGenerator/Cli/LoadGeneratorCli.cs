using System.CommandLine;

namespace ConfigCenter.LoadGenerator.Cli;

/// <summary>
/// The command line. Without a subcommand the tool runs one workload against one server
/// (<c>--workload create|setData|getData|mixed|fill|watch-fanout|session-churn|memory-per-znode</c>); <c>durability</c> runs the
/// durability benchmark, <c>compare</c> every workload on both servers, <c>report</c> turns a comparison into docs/benchmarks.md.
/// Exit codes: 0 clean run, 1 errors or failure, 2 bad usage.
/// </summary>
public static class LoadGeneratorCli
{
    public static Task<int> InvokeAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        var run = new RunCommand();
        var root = new RootCommand("Load generator for ZooKeeper-protocol servers (ConfigCenter, Apache ZooKeeper): pipelined sessions, latency percentiles, one JSON line per run.");
        foreach (var option in run.Options) root.Options.Add(option);
        root.SetAction((parse, token) => run.InvokeAsync(parse, output, error, token));
        root.Subcommands.Add(new DurabilityCommand().Build(output, error));
        root.Subcommands.Add(new CompareCommand().Build(output, error));
        root.Subcommands.Add(new ReportCommand().Build(output, error));
        return root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, cancellationToken);
    }
}
