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
}

internal static class WorkloadKinds
{
    public static IReadOnlyList<string> Names { get; } = ["create", "setData", "getData", "mixed", "fill"];

    public static WorkloadKind Parse(string name) => name.ToLowerInvariant() switch
    {
        "create" => WorkloadKind.Create,
        "setdata" => WorkloadKind.SetData,
        "getdata" => WorkloadKind.GetData,
        "mixed" => WorkloadKind.Mixed,
        "fill" => WorkloadKind.Fill,
        _ => throw new FormatException($"unknown workload \"{name}\"; one of {string.Join(", ", Names)}"),
    };

    /// <summary>Workloads that read or write existing keys, and so need the dataset first.</summary>
    public static bool NeedsKeys(this WorkloadKind kind) => kind is WorkloadKind.SetData or WorkloadKind.GetData or WorkloadKind.Mixed;
}
