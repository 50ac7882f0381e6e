using ConfigCenter.Testing.Infrastructure;

namespace ConfigCenter.Discovery.Tests.Support;

/// <summary>The built sample programs the tests start as processes, and the dotnet host to run them.</summary>
public static class SampleBinaries
{
    public static string Echo => Find("ConfigCenter.Samples.Echo");

    public static string Consumer => Find("ConfigCenter.Samples.Consumer");

    public static string Dotnet
    {
        get
        {
            // Under "dotnet test" this process runs on the dotnet muxer: reuse it so the same SDK runs the samples.
            var current = Environment.ProcessPath;
            if (current is not null && Path.GetFileNameWithoutExtension(current) == "dotnet") return current;
            var hostPath = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
            return string.IsNullOrEmpty(hostPath) ? "dotnet" : hostPath;
        }
    }

    private static string Find(string project)
    {
        var candidates = new[] { RepositoryLayout.BuildConfiguration, "Debug", "Release" }.Distinct()
            .Select(configuration => Path.Combine(RepositoryLayout.RootDirectory, "samples", project, "bin", configuration, "net10.0", project + ".dll"))
            .ToList();
        return candidates.FirstOrDefault(File.Exists)
               ?? throw new FileNotFoundException($"{project} is not built; looked at:\n  " + string.Join("\n  ", candidates));
    }
}
