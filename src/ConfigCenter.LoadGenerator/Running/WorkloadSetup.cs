using ConfigCenter.LoadGenerator.Connection;
using ConfigCenter.LoadGenerator.Measurement;
using ConfigCenter.LoadGenerator.Workloads;
using ConfigCenter.Protocol;

namespace ConfigCenter.LoadGenerator.Running;

/// <summary>
/// Makes sure a workload has what it works on, outside the measurement: the prefix, and for the
/// key workloads the keys (filled unless the last one exists already, e.g. after a fill run).
/// </summary>
internal static class WorkloadSetup
{
    private const int MaxSetupConnections = 8;

    public static async Task PrepareAsync(RunSettings settings, WorkloadOptions options, TextWriter progress, CancellationToken cancellationToken)
    {
        if (options.SkipSetup) return;
        var keys = new KeySpace(options.Prefix, options.Keys);
        await using (var client = await ZkRequestClient.ConnectAsync(settings.Address, settings.SessionTimeoutMs, settings.ConnectTimeout, cancellationToken).ConfigureAwait(false))
        {
            await client.EnsurePathAsync(options.Prefix, cancellationToken).ConfigureAwait(false);
            if (!options.Kind.NeedsKeys()) return;
            if (await client.GetDataAsync(keys.LastKeyPath, cancellationToken).ConfigureAwait(false) == ErrorCode.Ok) return;
        }

        progress.WriteLine($"setup: creating {keys.Count} keys of {settings.DataSize} bytes under {keys.Prefix}");
        var fillSettings = settings with
        {
            Connections = Math.Min(settings.Connections, MaxSetupConnections),
            Requests = keys.Count,
            Duration = null,
            Warmup = TimeSpan.Zero,
        };
        var fill = await LoadRunner.RunAsync(fillSettings, new FillWorkload(keys), cancellationToken).ConfigureAwait(false);
        // Keys left by an interrupted earlier setup are fine.
        var unexpected = fill.ErrorsByCode.Where(e => e.Key != nameof(ErrorCode.NodeExists)).Sum(e => e.Value);
        if (unexpected > 0 || fill.FailedConnections > 0)
            throw new InvalidOperationException($"creating the keys failed: {ResultJson.ToLine(fill)}");
    }
}
