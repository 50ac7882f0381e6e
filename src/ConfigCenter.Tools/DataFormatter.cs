using System.Text;
using ConfigCenter.Protocol;
using ConfigCenter.Protocol.Records;

namespace ConfigCenter.Tools;

/// <summary>Renders znode data and ACLs for people: text when the bytes are printable UTF-8, hex otherwise.</summary>
internal static class DataFormatter
{
    private const int MaxShownBytes = 96;
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static string Data(byte[]? data)
    {
        if (data is null) return "null";
        if (data.Length == 0) return "\"\"";
        var shown = data.AsSpan(0, Math.Min(data.Length, MaxShownBytes));
        var suffix = data.Length > shown.Length ? $"... ({data.Length} bytes)" : "";
        return TryText(shown, out var text) ? $"\"{text}\"{suffix}" : $"0x{Convert.ToHexString(shown).ToLowerInvariant()}{suffix}";
    }

    public static string Acl(IReadOnlyList<Acl> acl) => "[" + string.Join(", ", acl.Select(entry => $"{entry.Id}={Perms(entry.Perms)}")) + "]";

    /// <summary>Permission letters as zkCli shows them: c d r w a.</summary>
    public static string Perms(Perms perms)
    {
        var letters = new StringBuilder(5);
        if (perms.HasFlag(Protocol.Perms.Create)) letters.Append('c');
        if (perms.HasFlag(Protocol.Perms.Delete)) letters.Append('d');
        if (perms.HasFlag(Protocol.Perms.Read)) letters.Append('r');
        if (perms.HasFlag(Protocol.Perms.Write)) letters.Append('w');
        if (perms.HasFlag(Protocol.Perms.Admin)) letters.Append('a');
        return letters.Length == 0 ? "-" : letters.ToString();
    }

    public static string Hex(long value) => $"0x{value:x}";

    public static string Time(long epochMs) =>
        epochMs is >= 0 and <= 253402300799999 ? DateTimeOffset.FromUnixTimeMilliseconds(epochMs).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture) : epochMs.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static bool TryText(ReadOnlySpan<byte> bytes, out string text)
    {
        text = "";
        try
        {
            var decoded = StrictUtf8.GetString(bytes);
            if (decoded.Any(c => char.IsControl(c) && c is not ('\n' or '\t' or '\r'))) return false;
            text = decoded.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)
                .Replace("\n", "\\n", StringComparison.Ordinal).Replace("\r", "\\r", StringComparison.Ordinal).Replace("\t", "\\t", StringComparison.Ordinal);
            return true;
        }
        catch (DecoderFallbackException)
        {
            // Cut mid-character by the display limit, or binary: show hex.
            return false;
        }
    }
}
