using System.Reflection;

namespace ConfigCenter.Testing.Infrastructure;

/// <summary>Locates the repository and the build configuration from inside a running test assembly.</summary>
public static class RepositoryLayout
{
    private const string SolutionFileName = "ConfigCenter.sln";

    private static readonly Lazy<string> Root = new(FindRootDirectory);

    /// <summary>The directory holding ConfigCenter.sln.</summary>
    public static string RootDirectory => Root.Value;

    /// <summary>The configuration (Debug, Release...) this library was built with; the server build to start must match it.</summary>
    public static string BuildConfiguration { get; } =
        typeof(RepositoryLayout).Assembly
            .GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(attribute => attribute.Key == "BuildConfiguration")?.Value
        ?? "Debug";

    private static string FindRootDirectory()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, SolutionFileName)))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException(
            $"No {SolutionFileName} found above {AppContext.BaseDirectory}; the tests must run from a build inside the repository.");
    }
}
