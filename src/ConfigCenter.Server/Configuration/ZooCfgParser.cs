using System.Text;

namespace ConfigCenter.Server.Configuration;

/// <summary>
/// Reads a ZooKeeper 3.8 zoo.cfg into a <see cref="ServerConfig"/>.
/// <list type="bullet">
/// <item>Syntax is java.util.Properties: '#'/'!' comments, key=value, key:value or "key value", backslash
/// continuations and escapes; keys and values are trimmed; a repeated key keeps its last value.</item>
/// <item>Keys are case-sensitive. Unknown keys produce a warning (ZooKeeper would turn them into
/// "zookeeper."-prefixed system properties); keys ZooKeeper knows but ConfigCenter does not act on are accepted
/// silently, their type still checked where ZooKeeper checks it.</item>
/// <item>Invalid values throw <see cref="ConfigException"/>, naming file, line, key and value.</item>
/// <item>Relative dataDir/dataLogDir paths are resolved against the current working directory, as the JVM does
/// for ZooKeeper (not against the zoo.cfg's directory), and a warning is given.</item>
/// <item>The text is read as UTF-8 (ZooKeeper reads ISO-8859-1, which garbles non-ASCII paths).</item>
/// </list>
/// </summary>
public static class ZooCfgParser
{
    /// <exception cref="ConfigException">The file cannot be read or holds an invalid configuration.</exception>
    public static ZooCfgParseResult Parse(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path, Encoding.UTF8);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException($"{path}: cannot read the configuration file: {e.Message}", path, innerException: e);
        }
        return ParseText(text, path);
    }

    /// <param name="text">The zoo.cfg content.</param>
    /// <param name="sourceName">How messages refer to the text, normally its file path.</param>
    /// <exception cref="ConfigException">The text is not a valid configuration.</exception>
    public static ZooCfgParseResult ParseText(string text, string sourceName) =>
        ParseText(text, sourceName, Directory.GetCurrentDirectory());

    /// <param name="workingDirectory">What relative directory paths are resolved against.</param>
    internal static ZooCfgParseResult ParseText(string text, string sourceName, string workingDirectory)
    {
        IReadOnlyList<PropertyEntry> entries;
        try
        {
            entries = JavaPropertiesReader.Read(text);
        }
        catch (FormatException e)
        {
            throw new ConfigException($"{sourceName}: {e.Message}", sourceName, innerException: e);
        }
        return ZooCfgInterpreter.Interpret(LastValuePerKey(entries), sourceName, workingDirectory);
    }

    // ZooKeeper trims keys and values; of repeated keys the last one counts (Properties.put overwrites).
    private static IEnumerable<PropertyEntry> LastValuePerKey(IReadOnlyList<PropertyEntry> entries)
    {
        var byKey = new Dictionary<string, PropertyEntry>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            var key = JavaStrings.Trim(entry.Key);
            byKey[key] = entry with { Key = key, Value = JavaStrings.Trim(entry.Value) };
        }
        return byKey.Values;
    }
}
