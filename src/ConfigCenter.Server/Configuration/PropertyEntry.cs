namespace ConfigCenter.Server.Configuration;

/// <summary>One key/value pair of a .properties file, unescaped but not yet trimmed, with the line it starts on.</summary>
internal readonly record struct PropertyEntry(string Key, string Value, int Line);
