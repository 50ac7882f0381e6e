using System.Globalization;

namespace ConfigCenter.Server.Configuration;

/// <summary>The dataDir/myid file: this server's id in an ensemble, as human readable text.</summary>
internal static class MyIdFile
{
    public const string FileName = "myid";

    /// <summary>
    /// The id in dataDir/myid, or null when there is no such file. Like ZooKeeper, only the first line counts;
    /// unlike ZooKeeper, surrounding whitespace is forgiven ("1 " fails there).
    /// </summary>
    /// <exception cref="ConfigException">The file cannot be read or does not hold a non-negative whole number.</exception>
    public static long? Read(string dataDir)
    {
        var path = Path.Combine(dataDir, FileName);
        if (!File.Exists(path)) return null;

        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException($"{path}: cannot read the myid file: {e.Message}", path, innerException: e);
        }

        var firstLine = text.Split('\n', 2)[0].Trim();
        if (long.TryParse(firstLine, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var id) && id >= 0)
        {
            return id;
        }
        throw new ConfigException(
            $"{path}: invalid myid '{firstLine}': expected this server's id as a non-negative whole number",
            path);
    }
}
