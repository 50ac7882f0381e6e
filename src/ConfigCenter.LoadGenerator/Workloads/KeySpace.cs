namespace ConfigCenter.LoadGenerator.Workloads;

/// <summary>The dataset's keys: "{prefix}/key-0000000000" up to key <see cref="Count"/> - 1.</summary>
internal sealed class KeySpace(string prefix, long count)
{
    public string Prefix { get; } = prefix;

    public long Count { get; } = count;

    public NumberedPaths Paths { get; } = new($"{prefix}/key-");

    public string LastKeyPath => Paths.PathOf(Count - 1);
}
