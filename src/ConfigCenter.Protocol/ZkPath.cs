namespace ConfigCenter.Protocol;

/// <summary>Znode path rules, as ZooKeeper's PathUtils enforces them.</summary>
public static class ZkPath
{
    public const string Root = "/";

    /// <summary>Why the path is not a valid znode path, or null when it is.</summary>
    public static string? Validate(string? path, bool isSequential = false)
    {
        if (path is null) return "path must not be null";
        // A sequential create appends digits, so "/a/" is a legal prefix there.
        if (isSequential) path += "1";
        if (path.Length == 0) return "path must not be empty";
        if (path[0] != '/') return "path must start with /";
        if (path.Length == 1) return null;
        if (path[^1] == '/') return "path must not end with /";

        var previous = '/';
        for (var i = 1; i < path.Length; previous = path[i], i++)
        {
            var c = path[i];
            if (c == '\0') return $"null character not allowed @{i}";
            if (c == '/' && previous == '/') return $"empty node name specified @{i}";
            if (c == '.' && IsDotSegment(path, i)) return $"relative paths not allowed @{i}";
            if (c is > '\u0000' and <= '\u001f' or >= '\u007f' and <= '\u009f' or >= '\ud800' and <= '\uf8ff' or >= '\ufff0')
                return $"invalid character @{i}";
        }
        return null;
    }

    public static bool IsValid(string? path, bool isSequential = false) => Validate(path, isSequential) is null;

    public static string Parent(string path)
    {
        var slash = path.LastIndexOf('/');
        return slash <= 0 ? Root : path[..slash];
    }

    public static string Name(string path) => path[(path.LastIndexOf('/') + 1)..];

    public static string Combine(string parent, string child) => parent == Root ? "/" + child : parent + "/" + child;

    /// <summary>True when path is prefix itself or lies below it.</summary>
    public static bool IsAtOrBelow(string path, string prefix) =>
        prefix == Root || path == prefix || (path.Length > prefix.Length && path.StartsWith(prefix, StringComparison.Ordinal) && path[prefix.Length] == '/');

    // "." or ".." as a whole segment; i points at a dot.
    private static bool IsDotSegment(string path, int i)
    {
        var start = i;
        while (start > 0 && path[start - 1] == '.') start--;
        if (path[start - 1] != '/') return false;
        var end = i;
        while (end + 1 < path.Length && path[end + 1] == '.') end++;
        var length = end - start + 1;
        return length <= 2 && (end + 1 == path.Length || path[end + 1] == '/');
    }
}
