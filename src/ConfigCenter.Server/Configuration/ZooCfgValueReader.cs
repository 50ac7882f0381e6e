using System.Globalization;

namespace ConfigCenter.Server.Configuration;

/// <summary>
/// Turns zoo.cfg values into typed settings, failing with a <see cref="ConfigException"/> that names the file,
/// line, key and value. Numbers follow Java's parseInt/parseLong: an optional sign and decimal digits only.
/// </summary>
internal sealed class ZooCfgValueReader(string sourceName)
{
    public string SourceName { get; } = sourceName;

    public int ReadInt(PropertyEntry entry, int min = int.MinValue, int max = int.MaxValue)
    {
        if (int.TryParse(entry.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)
            && number >= min && number <= max)
        {
            return number;
        }
        throw Invalid(entry, DescribeRange(min, max, int.MinValue, int.MaxValue));
    }

    public long ReadLong(PropertyEntry entry, long min = long.MinValue, long max = long.MaxValue)
    {
        if (long.TryParse(entry.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)
            && number >= min && number <= max)
        {
            return number;
        }
        throw Invalid(entry, DescribeRange(min, max, long.MinValue, long.MaxValue));
    }

    /// <summary>QuorumPeerConfig's rule: "true" or "false", in any case, and nothing else.</summary>
    public bool ReadBoolean(PropertyEntry entry)
    {
        if (entry.Value.Equals("true", StringComparison.OrdinalIgnoreCase)) return true;
        if (entry.Value.Equals("false", StringComparison.OrdinalIgnoreCase)) return false;
        throw Invalid(entry, "expected true or false");
    }

    /// <summary>
    /// forceSync's values. ZooKeeper turns syncing off only for exactly "no" and keeps it on for anything else
    /// (even "false"); a value that would be misread that way is refused rather than guessed.
    /// </summary>
    public bool ReadYesNo(PropertyEntry entry) => entry.Value switch
    {
        "yes" => true,
        "no" => false,
        _ => throw Invalid(entry, "expected yes or no"),
    };

    public string ReadNonEmpty(PropertyEntry entry, string expectation) =>
        entry.Value.Length > 0 ? entry.Value : throw Invalid(entry, expectation);

    public ConfigException Invalid(PropertyEntry entry, string reason, Exception? inner = null) =>
        new($"{SourceName}:{entry.Line}: invalid value '{entry.Value}' for {entry.Key}: {reason}", SourceName, entry.Key, inner);

    public ConfigException Fail(string? key, string message) => new($"{SourceName}: {message}", SourceName, key);

    public string Warning(PropertyEntry entry, string message) => $"{SourceName}:{entry.Line}: {entry.Key}: {message}";

    public string Warning(string message) => $"{SourceName}: {message}";

    private static string DescribeRange<T>(T min, T max, T typeMin, T typeMax) where T : IEquatable<T>
    {
        var noMin = min.Equals(typeMin);
        var noMax = max.Equals(typeMax);
        if (noMin && noMax) return "expected a whole number";
        if (noMax) return $"expected a whole number of at least {min}";
        if (noMin) return $"expected a whole number of at most {max}";
        return $"expected a whole number from {min} to {max}";
    }
}
