namespace ConfigCenter.Configuration.Publishing;

/// <summary>One key as stored: its znode's data as text and the data version to pass back as expectedVersion.</summary>
/// <param name="Key">The configuration key.</param>
/// <param name="Path">The znode holding it.</param>
/// <param name="Value">The data as UTF-8 text (null for empty data).</param>
/// <param name="Version">The znode's data version.</param>
public sealed record ConfigEntry(string Key, string Path, string? Value, int Version);
