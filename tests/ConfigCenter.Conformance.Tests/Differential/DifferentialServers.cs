using ConfigCenter.Conformance.Tests.Support;
using ConfigCenter.Testing.Servers;

namespace ConfigCenter.Conformance.Tests.Differential;

/// <summary>Starts a fresh server per run, configured so a scenario's timing cannot change its outcome.</summary>
public static class DifferentialServers
{
    public const int SessionSlots = 4;

    public static readonly ZkServerOptions Options = new()
    {
        // A short tick makes the minimum session timeout (2 ticks) short, so an expiry step takes about a second.
        TickTimeMs = 250,
        // The regular sessions ask for 30 s and must get it, or a slow moment on a busy machine would expire them.
        MaxSessionTimeoutMs = 60_000,
        // Empty containers and TTL nodes must not be reaped at some arbitrary point in the middle of a scenario.
        ContainerCheckIntervalMs = 600_000,
        ExtendedTypes = true,
    };

    public static async Task<ScenarioTranscript> RunAsync(ServerKind kind, string name, IReadOnlyList<ScenarioStep> steps, CancellationToken ct)
    {
        await using var server = await ZkServers.StartAsync(kind, Options, ct);
        await SessionReadiness.WaitUntilServingAsync(server.ClientPort, ct);
        await using var runner = new ScenarioRunner(server.ClientPort, name, SessionSlots);
        return await runner.RunAsync(steps, ct);
    }
}
