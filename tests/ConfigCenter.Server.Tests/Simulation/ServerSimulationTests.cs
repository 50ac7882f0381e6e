using ConfigCenter.Consensus.Tests.Simulation;
using Xunit.Abstractions;

namespace ConfigCenter.Server.Tests.Simulation;

/// <summary>
/// Runs the server-level simulator over many seeds. A failing seed prints how to replay it:
/// <c>SERVER_SIM_SEED=n dotnet test tests/ConfigCenter.Server.Tests --filter FullyQualifiedName~ServerSimulationTests</c>
/// runs that one seed and writes its step-by-step trace to a file (in <c>SERVER_SIM_TRACE_DIR</c>, else the temp
/// directory). <c>SERVER_SIM_SEEDS</c> (how many, default 1000) and <c>SERVER_SIM_SEED_START</c> (the first, default 1)
/// widen or move the range.
/// </summary>
public sealed class ServerSimulationTests(ITestOutputHelper output)
{
    private const int DefaultSeeds = 1000;

    private static readonly SeedSwarm<ServerSimTrace, ServerSimStats> Swarm = new("SERVER_SIM",
        "dotnet test tests/ConfigCenter.Server.Tests --filter FullyQualifiedName~ServerSimulationTests",
        (seed, trace) => new ServerSimulation(seed, trace).Run());

    [Fact]
    public void Seeds() => Swarm.Run(output, DefaultSeeds, new ServerSimStats { Runs = 0 }, (total, run) => total.Add(run));
}
