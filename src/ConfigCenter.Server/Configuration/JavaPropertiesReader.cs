using System.Globalization;
using System.Text;

namespace ConfigCenter.Server.Configuration;

/// <summary>
/// Reads text in the java.util.Properties format, which is what ZooKeeper loads zoo.cfg with:
/// '#' and '!' comment lines, "key=value", "key:value" and "key value" forms, backslash line
/// continuations, and the \t \n \r \f \uXXXX escapes. Entries come back in file order, duplicates
/// included; the caller decides that the last one wins, as Properties does.
/// </summary>
internal static class JavaPropertiesReader
{
    /// <exception cref="FormatException">A malformed \uXXXX escape; the message carries the line number.</exception>
    public static IReadOnlyList<PropertyEntry> Read(string text)
    {
        var lines = SplitNaturalLines(text);
        var entries = new List<PropertyEntry>();
        var logicalLine = new StringBuilder();
        var next = 0;
        while (next < lines.Count)
        {
            var lineNumber = next + 1;
            var line = lines[next++];
            var start = SkipWhitespace(line, 0);
            if (start == line.Length) continue;
            // Only the first line of an entry can be a comment, and a comment never continues.
            if (line[start] is '#' or '!') continue;

            logicalLine.Clear();
            var segment = line[start..];
            while (EndsWithContinuation(segment))
            {
                logicalLine.Append(segment, 0, segment.Length - 1);
                if (next == lines.Count)
                {
                    segment = "";
                    break;
                }
                var continuation = lines[next++];
                segment = continuation[SkipWhitespace(continuation, 0)..];
            }
            logicalLine.Append(segment);
            entries.Add(SplitKeyAndValue(logicalLine.ToString(), lineNumber));
        }
        return entries;
    }

    private static List<string> SplitNaturalLines(string text)
    {
        var lines = new List<string>();
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] is not ('\n' or '\r')) continue;
            lines.Add(text[start..i]);
            if (text[i] == '\r' && i + 1 < text.Length && text[i + 1] == '\n') i++;
            start = i + 1;
        }
        if (start < text.Length) lines.Add(text[start..]);
        return lines;
    }

    private static bool IsWhitespace(char c) => c is ' ' or '\t' or '\f';

    private static int SkipWhitespace(string s, int from)
    {
        while (from < s.Length && IsWhitespace(s[from])) from++;
        return from;
    }

    // An odd run of trailing backslashes escapes the line break; an even run is literal backslashes.
    private static bool EndsWithContinuation(string segment)
    {
        var backslashes = 0;
        for (var i = segment.Length - 1; i >= 0 && segment[i] == '\\'; i--) backslashes++;
        return backslashes % 2 == 1;
    }

    private static PropertyEntry SplitKeyAndValue(string line, int lineNumber)
    {
        // The key ends at the first unescaped '=', ':' or whitespace; after it, whitespace and at most
        // one '=' or ':' separate it from the value.
        var keyEnd = 0;
        var valueStart = line.Length;
        var sawSeparator = false;
        var escaped = false;
        for (; keyEnd < line.Length; keyEnd++)
        {
            var c = line[keyEnd];
            if (!escaped && c is '=' or ':')
            {
                valueStart = keyEnd + 1;
                sawSeparator = true;
                break;
            }
            if (!escaped && IsWhitespace(c))
            {
                valueStart = keyEnd + 1;
                break;
            }
            escaped = c == '\\' && !escaped;
        }
        for (; valueStart < line.Length; valueStart++)
        {
            var c = line[valueStart];
            if (IsWhitespace(c)) continue;
            if (sawSeparator || c is not ('=' or ':')) break;
            sawSeparator = true;
        }
        return new PropertyEntry(
            Unescape(line[..keyEnd], lineNumber),
            Unescape(line[valueStart..], lineNumber),
            lineNumber);
    }

    private static string Unescape(string raw, int lineNumber)
    {
        if (!raw.Contains('\\')) return raw;
        var result = new StringBuilder(raw.Length);
        for (var i = 0; i < raw.Length; i++)
        {
            var c = raw[i];
            if (c != '\\' || i + 1 == raw.Length)
            {
                // A lone trailing backslash (only possible at end of input) is dropped, as Java does.
                if (c != '\\') result.Append(c);
                continue;
            }
            c = raw[++i];
            switch (c)
            {
                case 't': result.Append('\t'); break;
                case 'n': result.Append('\n'); break;
                case 'r': result.Append('\r'); break;
                case 'f': result.Append('\f'); break;
                case 'u':
                    if (raw.Length - (i + 1) < 4
                        || !ushort.TryParse(raw.AsSpan(i + 1, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
                    {
                        throw new FormatException($"line {lineNumber}: malformed \\uxxxx escape");
                    }
                    result.Append((char)code);
                    i += 4;
                    break;
                default: result.Append(c); break;
            }
        }
        return result.ToString();
    }
}
