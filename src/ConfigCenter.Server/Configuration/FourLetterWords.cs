using System.Collections.Frozen;

namespace ConfigCenter.Server.Configuration;

/// <summary>
/// The four letter word commands of ZooKeeper 3.8 and the rules of its <c>4lw.commands.whitelist</c>
/// setting (see ZooKeeper's FourLetterCommands.isEnabled).
/// </summary>
public static class FourLetterWords
{
    /// <summary>Always enabled, whatever the whitelist says: zkServer.sh status depends on it.</summary>
    public const string AlwaysEnabled = "srvr";

    /// <summary>Enabled in addition to the whitelist when read-only mode is on, since clients probe with it.</summary>
    public const string ReadOnlyProbe = "isro";

    /// <summary>
    /// Every command ZooKeeper 3.8 knows, which is what <c>*</c> expands to. ZooKeeper's own table also has a
    /// "telnet close" pseudo command (a telnet control sequence, not a word); it is left out here.
    /// </summary>
    public static IReadOnlySet<string> All { get; } = FrozenSet.ToFrozenSet(
        ["conf", "cons", "crst", "dirs", "dump", "envi", "gtmk", "hash", "isro", "mntr",
         "ruok", "srst", "srvr", "stat", "stmk", "wchc", "wchp", "wchs"],
        StringComparer.Ordinal);

    /// <summary>What is enabled when the whitelist is not set and read-only mode is off: only srvr.</summary>
    public static IReadOnlySet<string> DefaultWhitelist { get; } = FrozenSet.ToFrozenSet([AlwaysEnabled], StringComparer.Ordinal);

    /// <summary>
    /// The enabled set for a whitelist value (null when the key is absent): comma separated names, blanks
    /// skipped, names compared case-sensitively, <c>*</c> anywhere meaning every command. srvr is always
    /// added, and isro when read-only mode is on. Names ZooKeeper does not know are kept (ZooKeeper keeps
    /// them too, harmlessly) and reported through <paramref name="unknownNames"/>.
    /// </summary>
    public static IReadOnlySet<string> ParseWhitelist(string? value, bool readOnlyModeEnabled, out IReadOnlyList<string> unknownNames)
    {
        var enabled = new HashSet<string>(StringComparer.Ordinal);
        var unknown = new List<string>();
        foreach (var rawName in (value ?? "").Split(','))
        {
            var name = JavaStrings.Trim(rawName);
            if (name == "*")
            {
                enabled.UnionWith(All);
                break;
            }
            if (name.Length == 0) continue;
            enabled.Add(name);
            if (!All.Contains(name)) unknown.Add(name);
        }
        enabled.Add(AlwaysEnabled);
        if (readOnlyModeEnabled) enabled.Add(ReadOnlyProbe);
        unknownNames = unknown;
        return enabled.ToFrozenSet(StringComparer.Ordinal);
    }
}
