namespace ConfigCenter.LoadGenerator.Workloads;

/// <summary>Per-connection scratch space for building requests, so that building one allocates nothing.</summary>
internal sealed class WorkerState(int connectionIndex, int dataSize, int seed)
{
    public int ConnectionIndex { get; } = connectionIndex;

    public Random Random { get; } = new(seed);

    /// <summary>Refilled with random bytes per write: incompressible, like real payloads, so snapshot sizes are not flattered.</summary>
    public byte[] Data { get; } = new byte[dataSize];

    public byte[] PathScratch { get; } = new byte[NumberedPaths.MaxPathBytes];
}
