namespace ConfigCenter.Configuration.Cache;

/// <summary>The content of a cache file: the last good configuration of one root.</summary>
/// <param name="Root">The configuration root the values came from.</param>
/// <param name="ConnectString">The ensemble they came from (informational).</param>
/// <param name="SavedAtUtc">When they were written.</param>
/// <param name="Values">The flattened keys and values.</param>
public sealed record CachedConfiguration(string Root, string ConnectString, DateTimeOffset SavedAtUtc, Dictionary<string, string?> Values);
