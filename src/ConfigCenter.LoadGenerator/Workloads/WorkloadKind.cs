namespace ConfigCenter.LoadGenerator.Workloads;

/// <summary>The workloads the tool runs, named on the command line as in ZooKeeper's API.</summary>
internal enum WorkloadKind
{
    /// <summary>Create new znodes (unique or sequential names).</summary>
    Create,

    /// <summary>setData on random keys of the dataset.</summary>
    SetData,

    /// <summary>getData on random keys of the dataset.</summary>
    GetData,

    /// <summary>getData and setData on random keys, in the --read-ratio proportion.</summary>
    Mixed,

    /// <summary>Create keys 0..N-1 as fast as possible: prepares a dataset.</summary>
    Fill,

    /// <summary>W sessions watch one node; a writer changes it; time until all W are notified.</summary>
    WatchFanout,

    /// <summary>Connect, create one ephemeral znode, close; sessions per second.</summary>
    SessionChurn,

    /// <summary>A fill, with the server's resident memory read before and after: bytes per znode.</summary>
    MemoryPerZnode,
}

internal static class WorkloadKinds
{
    public static IReadOnlyList<string> Names { get; } = ["create", "setData", "getData", "mixed", "fill", "watch-fanout", "session-churn", "memory-per-znode"];

    public static WorkloadKind Parse(string name) => name.ToLowerInvariant() switch
    {
        "create" => WorkloadKind.Create,
        "setdata" => WorkloadKind.SetData,
        "getdata" => WorkloadKind.GetData,
        "mixed" => WorkloadKind.Mixed,
        "fill" => WorkloadKind.Fill,
        "watch-fanout" => WorkloadKind.WatchFanout,
        "session-churn" => WorkloadKind.SessionChurn,
        "memory-per-znode" => WorkloadKind.MemoryPerZnode,
        _ => throw new FormatException($"unknown workload \"{name}\"; one of {string.Join(", ", Names)}"),
    };

    /// <summary>Workloads that read or write existing keys, and so need the dataset first.</summary>
    public static bool NeedsKeys(this WorkloadKind kind) => kind is WorkloadKind.SetData or WorkloadKind.GetData or WorkloadKind.Mixed;

    /// <summary>Workloads that create znodes 0..N-1 of the key space, N being --requests.</summary>
    public static bool Fills(this WorkloadKind kind) => kind is WorkloadKind.Fill or WorkloadKind.MemoryPerZnode;
}
