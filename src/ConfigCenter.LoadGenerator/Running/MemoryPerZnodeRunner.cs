using ConfigCenter.LoadGenerator.Measurement;
using ConfigCenter.LoadGenerator.Workloads;

namespace ConfigCenter.LoadGenerator.Running;

/// <summary>
/// memory-per-znode: the server's resident memory (VmRSS of --pid, so the server must run on this
/// machine) before and after a fill of --requests znodes of --data-size bytes, read once the server has
/// been idle for --settle seconds. The figure is (after − before) / znodes created. It counts what a
/// garbage-collected server has not collected yet, as resident memory does.
/// </summary>
internal static class MemoryPerZnodeRunner
{
    public static async Task<RunResult> RunAsync(RunSettings settings, WorkloadOptions options, CancellationToken cancellationToken)
    {
        var pid = options.ServerPid ?? throw new ArgumentException("memory-per-znode needs the server's pid", nameof(options));
        var before = ProcessMemory.ResidentBytes(pid);
        if (before == 0) throw new InvalidOperationException($"no VmRSS for pid {pid}: the server must be a running process on this machine");

        var fill = await LoadRunner.RunAsync(settings, new FillWorkload(new KeySpace(options.Prefix, options.Keys)), cancellationToken).ConfigureAwait(false);
        await Task.Delay(options.Settle, cancellationToken).ConfigureAwait(false);
        var after = ProcessMemory.ResidentBytes(pid);
        if (after == 0) throw new InvalidOperationException($"the server (pid {pid}) exited during the fill");

        return fill with
        {
            Workload = "memory-per-znode",
            Znodes = fill.Ops,
            RssBeforeBytes = before,
            RssAfterBytes = after,
            BytesPerZnode = fill.Ops == 0 ? null : Math.Round((double)(after - before) / fill.Ops, 1),
        };
    }
}
