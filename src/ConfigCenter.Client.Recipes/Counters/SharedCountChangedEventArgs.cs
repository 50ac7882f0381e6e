namespace ConfigCenter.Client.Recipes.Counters;

/// <summary>A new value of a <see cref="SharedCount"/>.</summary>
/// <param name="value">The new count and its version.</param>
public sealed class SharedCountChangedEventArgs(VersionedValue<int> value) : EventArgs
{
    /// <summary>The new count and its version.</summary>
    public VersionedValue<int> Value { get; } = value;
}
