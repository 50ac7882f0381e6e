namespace ConfigCenter.Client.Recipes.Counters;

/// <summary>A value with the node version it was read at, for compare-and-set.</summary>
/// <typeparam name="T">The value's type.</typeparam>
/// <param name="Version">The node's data version when the value was read (-1 when the node did not exist).</param>
/// <param name="Value">The value.</param>
public readonly record struct VersionedValue<T>(int Version, T Value);
