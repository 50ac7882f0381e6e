namespace ConfigCenter.Server.Configuration;

/// <summary>Java string behaviour that zoo.cfg parsing depends on.</summary>
internal static class JavaStrings
{
    /// <summary>
    /// Java's String.trim: strips every char up to and including ' ' (all ASCII control characters), but
    /// not Unicode spaces such as U+00A0, which .NET's Trim would also strip.
    /// </summary>
    public static string Trim(string s)
    {
        var start = 0;
        var end = s.Length;
        while (start < end && s[start] <= ' ') start++;
        while (end > start && s[end - 1] <= ' ') end--;
        return start == 0 && end == s.Length ? s : s[start..end];
    }
}
