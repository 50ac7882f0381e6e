using ConfigCenter.Protocol;

namespace ConfigCenter.Client.Operations;

/// <summary>Client-side path checks, as ZooKeeper's PathUtils: a bad path never reaches the server.</summary>
internal static class PathArguments
{
    public static void Validate(string path, bool isSequential = false, string parameterName = "path")
    {
        ArgumentNullException.ThrowIfNull(path, parameterName);
        if (ZkPath.Validate(path, isSequential) is { } problem)
            throw new ArgumentException($"Invalid path \"{path}\": {problem}.", parameterName);
    }
}
