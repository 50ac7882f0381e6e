using ConfigCenter.LoadGenerator.Measurement;
using ConfigCenter.LoadGenerator.Running;
using ConfigCenter.LoadGenerator.Workloads;

namespace ConfigCenter.LoadGenerator.Benchmark;

/// <summary>
/// For each server, with fsync on: (a) create throughput on a fresh server; (b) a fill of N znodes on
/// another fresh server, then kill -9 and the time until a restarted server answers getData; (c) resident
/// memory after the fill and after the restart; (d) snapshot and log sizes. Servers run one at a time.
/// </summary>
internal sealed class DurabilityBenchmark(DurabilitySettings settings, TextWriter output, TextWriter progress)
{
    private readonly BenchSteps _steps = new(settings.Setup, settings.StartTimeout, progress);
    private const string WritePrefix = "/bench-write";
    private const string FillPrefix = "/bench-fill";

    public async Task<IReadOnlyList<ServerFigures>> RunAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(settings.Setup.WorkDirectory);
        var figures = new List<ServerFigures>();
        foreach (var kind in settings.Setup.Servers)
        {
            figures.Add(await MeasureAsync(kind, cancellationToken).ConfigureAwait(false));
        }

        return figures;
    }

    private async Task<ServerFigures> MeasureAsync(BenchServerKind kind, CancellationToken cancellationToken)
    {
        var (write, writeCpu) = await MeasureWritesAsync(kind, cancellationToken).ConfigureAwait(false);

        await using var server = _steps.CreateServer(kind, "fill");
        try
        {
            await _steps.StartFreshAsync(server, cancellationToken).ConfigureAwait(false);
            var keys = new KeySpace(FillPrefix, settings.FillCount);
            await BenchSteps.EnsurePrefixAsync(server.Address, FillPrefix, cancellationToken).ConfigureAwait(false);
            await _steps.WaitUntilQuietAsync(kind, cancellationToken).ConfigureAwait(false);
            _steps.Progress(kind, $"fill: {settings.FillCount} znodes of {settings.DataSize} bytes under {FillPrefix}");
            var fillSampler = CpuUsage.Start(server.Pid);
            var fill = await LoadRunner.RunAsync(RunSettingsFor(server, requests: settings.FillCount, duration: settings.FillTimeLimit), new FillWorkload(keys), cancellationToken).ConfigureAwait(false);
            var fillCpu = fillSampler.Stop();
            Print(fill);
            _steps.Progress(kind, $"fill CPU: {fillCpu}");

            // The last key proves the end of the log was replayed; after an incomplete fill only the first is sure to exist.
            var complete = fill.Ops == settings.FillCount && fill.Errors == 0;
            var known = complete ? keys.LastKeyPath : keys.Paths.PathOf(0);
            await ServingProbe.WaitAsync(server, known, TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false);
            await Task.Delay(settings.Settle, cancellationToken).ConfigureAwait(false);
            var rssAfterFill = server.ResidentBytes();
            var znodesAfterFill = await FourLetterWord.ZnodeCountAsync(server.Address, cancellationToken).ConfigureAwait(false);
            _steps.Progress(kind, $"after fill: {znodesAfterFill} znodes, VmRSS {Mib(rssAfterFill)} MiB; kill -9");

            await server.KillAsync().ConfigureAwait(false);
            var storageAtKill = StorageFootprint.Measure(kind, server.DataDir);
            var logLinesBefore = server.LogLineCount();
            var (restart, restartCpu) = await _steps.RestartAsync(server, known, cancellationToken).ConfigureAwait(false);
            var rssAtRestart = server.ResidentBytes();
            var znodesAfterRestart = await FourLetterWord.ZnodeCountAsync(server.Address, cancellationToken).ConfigureAwait(false);
            _steps.Progress(kind, $"restarted in {restart.TotalSeconds:0.00} s with {znodesAfterRestart} znodes, VmRSS {Mib(rssAtRestart)} MiB");
            if (znodesAfterRestart != znodesAfterFill)
                progress.WriteLine($"[{kind.Label()}] WARNING: {znodesAfterFill} znodes before the kill, {znodesAfterRestart} after the restart");

            await Task.Delay(settings.Settle, cancellationToken).ConfigureAwait(false);
            var rssAfterRestart = server.ResidentBytes();
            var storageAfterRestart = StorageFootprint.Measure(kind, server.DataDir);

            return new ServerFigures
            {
                Server = kind.Label(),
                Write = write,
                WriteCpu = writeCpu,
                Fill = fill,
                FillCpu = fillCpu,
                ZnodesAfterFill = znodesAfterFill,
                KnownZnode = known,
                RestartSeconds = Math.Round(restart.TotalSeconds, 3),
                ZnodesAfterRestart = znodesAfterRestart,
                RestartCpu = restartCpu,
                RssAfterFillBytes = rssAfterFill,
                RssAtRestartBytes = rssAtRestart,
                RssAfterRestartBytes = rssAfterRestart,
                StorageAtKill = storageAtKill,
                StorageAfterRestart = storageAfterRestart,
                RestartLog = server.StartupLines(logLinesBefore),
            };
        }
        finally
        {
            await _steps.DiscardAsync(server).ConfigureAwait(false);
        }
    }

    private async Task<(RunResult Result, CpuUsage Cpu)> MeasureWritesAsync(BenchServerKind kind, CancellationToken cancellationToken)
    {
        await using var server = _steps.CreateServer(kind, "write");
        try
        {
            await _steps.StartFreshAsync(server, cancellationToken).ConfigureAwait(false);
            await BenchSteps.EnsurePrefixAsync(server.Address, WritePrefix, cancellationToken).ConfigureAwait(false);
            await _steps.WaitUntilQuietAsync(kind, cancellationToken).ConfigureAwait(false);
            _steps.Progress(kind, $"create: {settings.Connections} connections × {settings.Outstanding} outstanding, {settings.WriteWarmup.TotalSeconds:0} s warm-up, {settings.WriteDuration.TotalSeconds:0} s measured");
            var run = RunSettingsFor(server, requests: null, duration: settings.WriteDuration) with { Warmup = settings.WriteWarmup };
            var sampler = CpuUsage.Start(server.Pid);
            var write = await LoadRunner.RunAsync(run, new CreateWorkload(WritePrefix, "w", sequential: false), cancellationToken).ConfigureAwait(false);
            var cpu = sampler.Stop();
            Print(write);
            _steps.Progress(kind, $"create CPU: {cpu}");
            return (write, cpu);
        }
        finally
        {
            await _steps.DiscardAsync(server).ConfigureAwait(false);
        }
    }

    private RunSettings RunSettingsFor(ServerProcess server, long? requests, TimeSpan duration) => new()
    {
        Addresses = [server.Address],
        ServerLabel = server.Kind.Label(),
        Connections = settings.Connections,
        Outstanding = settings.Outstanding,
        DataSize = settings.DataSize,
        Requests = requests,
        Duration = duration,
    };

    private void Print(RunResult result)
    {
        ResultTable.Write(result, output);
        output.WriteLine(ResultJson.ToLine(result));
        output.Flush();
    }

    private static long Mib(long bytes) => bytes / (1024 * 1024);
}
