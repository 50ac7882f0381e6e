using System.Globalization;

namespace ConfigCenter.Client.Recipes.Internal;

/// <summary>
/// A sequential node's name ends with the ten-digit counter the server appended. Recipes order their
/// contenders by that counter, never by the whole name: protected names start with a random GUID.
/// </summary>
internal static class SequentialNodeNames
{
    private const int SequenceDigits = 10;

    /// <summary>The counter at the end of the name, or null when the name does not end with ten digits.</summary>
    public static long? SequenceOf(string name)
    {
        if (name.Length < SequenceDigits) return null;
        var suffix = name.AsSpan(name.Length - SequenceDigits);
        foreach (var c in suffix)
        {
            if (!char.IsAsciiDigit(c)) return null;
        }
        return long.Parse(suffix, NumberStyles.None, CultureInfo.InvariantCulture);
    }

    /// <summary>The names <paramref name="include"/> accepts that carry a counter, in counter order.</summary>
    public static List<string> SortBySequence(IEnumerable<string> names, Func<string, bool> include) =>
        [.. names
            .Where(include)
            .Select(name => (Name: name, Sequence: SequenceOf(name)))
            .Where(entry => entry.Sequence is not null)
            .OrderBy(entry => entry.Sequence)
            .ThenBy(entry => entry.Name, StringComparer.Ordinal)
            .Select(entry => entry.Name)];
}
