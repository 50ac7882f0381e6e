namespace ConfigCenter.LoadGenerator.Workloads;

/// <summary>What a workload works on; the run's shape (connections, duration) is in RunSettings.</summary>
internal sealed record WorkloadOptions
{
    public WorkloadKind Kind { get; init; } = WorkloadKind.Create;

    /// <summary>Every znode the tool creates lives under this path.</summary>
    public string Prefix { get; init; } = "/loadgen";

    /// <summary>Keys of the dataset that setData, getData and mixed pick from.</summary>
    public long Keys { get; init; } = 1000;

    /// <summary>For mixed: the share of getData among requests.</summary>
    public double ReadRatio { get; init; } = 0.9;

    /// <summary>For create: sequential nodes instead of unique names.</summary>
    public bool Sequential { get; init; }

    /// <summary>Do not create the prefix and the keys first (they are known to be there).</summary>
    public bool SkipSetup { get; init; }

    /// <summary>For watch-fanout: sessions watching the node.</summary>
    public int Watchers { get; init; } = 1000;

    /// <summary>For watch-fanout: measured writes, each fanned out to every watcher.</summary>
    public int Rounds { get; init; } = 100;

    /// <summary>For watch-fanout: rounds before measuring.</summary>
    public int WarmupRounds { get; init; } = 5;

    /// <summary>For memory-per-znode: the server process whose VmRSS is read.</summary>
    public int? ServerPid { get; init; }

    /// <summary>For memory-per-znode: idle time after the fill before memory is read.</summary>
    public TimeSpan Settle { get; init; } = TimeSpan.FromSeconds(5);

    public IWorkload Create(string runTag) => Kind switch
    {
        WorkloadKind.Create => new CreateWorkload(Prefix, runTag, Sequential),
        WorkloadKind.Fill => new FillWorkload(new KeySpace(Prefix, Keys)),
        WorkloadKind.SetData => new KeyReadWriteWorkload("setData", new KeySpace(Prefix, Keys), readRatio: 0),
        WorkloadKind.GetData => new KeyReadWriteWorkload("getData", new KeySpace(Prefix, Keys), readRatio: 1),
        WorkloadKind.Mixed => new KeyReadWriteWorkload("mixed", new KeySpace(Prefix, Keys), ReadRatio),
        _ => throw new ArgumentOutOfRangeException(nameof(Kind), Kind, "not a pipelined workload"),
    };
}
