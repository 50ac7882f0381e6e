using System.Diagnostics;
using ConfigCenter.LoadGenerator.Connection;
using ConfigCenter.LoadGenerator.Measurement;
using ConfigCenter.LoadGenerator.Running;
using ConfigCenter.LoadGenerator.Workloads;
using ConfigCenter.Protocol;

namespace ConfigCenter.LoadGenerator.Benchmark;

/// <summary>
/// For each server, with fsync on: (a) create throughput on a fresh server; (b) a fill of N znodes on
/// another fresh server, then kill -9 and the time until a restarted server answers getData; (c) resident
/// memory after the fill and after the restart; (d) snapshot and log sizes. Servers run one at a time.
/// </summary>
internal sealed class DurabilityBenchmark(DurabilitySettings settings, TextWriter output, TextWriter progress)
{
    private const string WritePrefix = "/bench-write";
    private const string FillPrefix = "/bench-fill";

    public async Task<IReadOnlyList<ServerFigures>> RunAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(settings.WorkDirectory);
        var figures = new List<ServerFigures>();
        foreach (var kind in settings.Servers)
        {
            figures.Add(await MeasureAsync(kind, cancellationToken).ConfigureAwait(false));
        }

        return figures;
    }

    private async Task<ServerFigures> MeasureAsync(BenchServerKind kind, CancellationToken cancellationToken)
    {
        var (write, writeCpu) = await MeasureWritesAsync(kind, cancellationToken).ConfigureAwait(false);

        var directory = Path.Combine(settings.WorkDirectory, $"{kind.Label()}-fill");
        await using var server = ServerProcess.Create(kind, settings.Installation, directory, settings.TickTimeMs, settings.SnapCount);
        try
        {
            await StartFreshAsync(server, cancellationToken).ConfigureAwait(false);
            var keys = new KeySpace(FillPrefix, settings.FillCount);
            await EnsurePrefixAsync(server.Address, FillPrefix, cancellationToken).ConfigureAwait(false);
            await WaitUntilQuietAsync(kind, cancellationToken).ConfigureAwait(false);
            Progress(kind, $"fill: {settings.FillCount} znodes of {settings.DataSize} bytes under {FillPrefix}");
            var fillSampler = CpuUsage.Start(server.Pid);
            var fill = await LoadRunner.RunAsync(RunSettingsFor(server, requests: settings.FillCount, duration: settings.FillTimeLimit), new FillWorkload(keys), cancellationToken).ConfigureAwait(false);
            var fillCpu = fillSampler.Stop();
            Print(fill);
            Progress(kind, $"fill CPU: {fillCpu}");

            // The last key proves the end of the log was replayed; after an incomplete fill only the first is sure to exist.
            var complete = fill.Ops == settings.FillCount && fill.Errors == 0;
            var known = complete ? keys.LastKeyPath : keys.Paths.PathOf(0);
            await ServingProbe.WaitAsync(server, known, TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false);
            await Task.Delay(settings.Settle, cancellationToken).ConfigureAwait(false);
            var rssAfterFill = server.ResidentBytes();
            var znodesAfterFill = await FourLetterWord.ZnodeCountAsync(server.Address, cancellationToken).ConfigureAwait(false);
            Progress(kind, $"after fill: {znodesAfterFill} znodes, VmRSS {Mib(rssAfterFill)} MiB; kill -9");

            await server.KillAsync().ConfigureAwait(false);
            var storageAtKill = StorageFootprint.Measure(kind, server.DataDir);
            var logLinesBefore = server.LogLineCount();
            await WaitUntilQuietAsync(kind, cancellationToken).ConfigureAwait(false);
            var spawned = Stopwatch.GetTimestamp();
            server.Start();
            var restartSampler = CpuUsage.Start(server.Pid);
            await ServingProbe.WaitAsync(server, known, settings.StartTimeout, cancellationToken).ConfigureAwait(false);
            var restart = Stopwatch.GetElapsedTime(spawned);
            var restartCpu = restartSampler.Stop();
            var rssAtRestart = server.ResidentBytes();
            var znodesAfterRestart = await FourLetterWord.ZnodeCountAsync(server.Address, cancellationToken).ConfigureAwait(false);
            Progress(kind, $"restarted in {restart.TotalSeconds:0.00} s with {znodesAfterRestart} znodes, VmRSS {Mib(rssAtRestart)} MiB");
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
            await server.KillAsync().ConfigureAwait(false);
            if (!settings.KeepData) Directory.Delete(directory, recursive: true);
        }
    }

    private async Task<(RunResult Result, CpuUsage Cpu)> MeasureWritesAsync(BenchServerKind kind, CancellationToken cancellationToken)
    {
        var directory = Path.Combine(settings.WorkDirectory, $"{kind.Label()}-write");
        await using var server = ServerProcess.Create(kind, settings.Installation, directory, settings.TickTimeMs, settings.SnapCount);
        try
        {
            await StartFreshAsync(server, cancellationToken).ConfigureAwait(false);
            await EnsurePrefixAsync(server.Address, WritePrefix, cancellationToken).ConfigureAwait(false);
            await WaitUntilQuietAsync(kind, cancellationToken).ConfigureAwait(false);
            Progress(kind, $"create: {settings.Connections} connections × {settings.Outstanding} outstanding, {settings.WriteWarmup.TotalSeconds:0} s warm-up, {settings.WriteDuration.TotalSeconds:0} s measured");
            var run = RunSettingsFor(server, requests: null, duration: settings.WriteDuration) with { Warmup = settings.WriteWarmup };
            var sampler = CpuUsage.Start(server.Pid);
            var write = await LoadRunner.RunAsync(run, new CreateWorkload(WritePrefix, "w", sequential: false), cancellationToken).ConfigureAwait(false);
            var cpu = sampler.Stop();
            Print(write);
            Progress(kind, $"create CPU: {cpu}");
            return (write, cpu);
        }
        finally
        {
            await server.KillAsync().ConfigureAwait(false);
            if (!settings.KeepData) Directory.Delete(directory, recursive: true);
        }
    }

    private async Task StartFreshAsync(ServerProcess server, CancellationToken cancellationToken)
    {
        server.Start();
        var ready = await ServingProbe.WaitAsync(server, ZkPath.Root, settings.StartTimeout, cancellationToken).ConfigureAwait(false);
        Progress(server.Kind, $"fresh server on {server.Address} answered after {ready.TotalSeconds:0.00} s (dataDir {server.DataDir})");
    }

    private async Task WaitUntilQuietAsync(BenchServerKind kind, CancellationToken cancellationToken)
    {
        if (settings.QuietWait <= TimeSpan.Zero) return;
        var waited = await MachineCpu.WaitUntilQuietAsync(settings.QuietBusyShare, settings.QuietWait, cancellationToken).ConfigureAwait(false);
        Progress(kind, $"waited {waited.TotalSeconds:0} s for the machine to be quiet");
    }

    private static async Task EnsurePrefixAsync(ServerAddress address, string prefix, CancellationToken cancellationToken)
    {
        await using var client = await ZkRequestClient.ConnectAsync(address, 30_000, TimeSpan.FromSeconds(10), cancellationToken).ConfigureAwait(false);
        await client.EnsurePathAsync(prefix, cancellationToken).ConfigureAwait(false);
    }

    private RunSettings RunSettingsFor(ServerProcess server, long? requests, TimeSpan duration) => new()
    {
        Address = server.Address,
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

    private void Progress(BenchServerKind kind, string message)
    {
        progress.WriteLine($"[{DateTime.Now:HH:mm:ss}] [{kind.Label()}] {message}");
        progress.Flush();
    }

    private static long Mib(long bytes) => bytes / (1024 * 1024);
}
