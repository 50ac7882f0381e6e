using ConfigCenter.Protocol;

namespace ConfigCenter.Client.Recipes.Internal;

/// <summary>Argument checks for the paths recipes are given.</summary>
internal static class RecipePaths
{
    public static void Validate(string path, string parameterName = "path")
    {
        ArgumentNullException.ThrowIfNull(path, parameterName);
        if (ZkPath.Validate(path) is { } problem) throw new ArgumentException($"Invalid path \"{path}\": {problem}.", parameterName);
        if (path == ZkPath.Root) throw new ArgumentException("A recipe needs a node of its own, not the root.", parameterName);
    }
}
