namespace ConfigCenter.Configuration.Mapping;

/// <summary>What one znode's data contributes to the configuration, or why it could not be read.</summary>
/// <param name="Entries">The keys and values of the node (none for empty data).</param>
/// <param name="Error">Null when the data was understood; otherwise what is wrong with it.</param>
public sealed record NodeValue(IReadOnlyList<KeyValuePair<string, string?>> Entries, string? Error)
{
    /// <summary>A node with no value of its own.</summary>
    public static NodeValue Empty { get; } = new([], null);

    /// <summary>The node's data could not be turned into values.</summary>
    public static NodeValue Failed(string error) => new([], error);
}
