using ConfigCenter.Testing.Infrastructure;

namespace ConfigCenter.Testing.Servers;

/// <summary>Starts our server as a real process: dotnet ConfigCenter.Server.dll zoo.cfg.</summary>
public static class ConfigCenterServerCommand
{
    /// <summary>Set to a ConfigCenter.Server.dll to test a build other than the one next to these tests.</summary>
    public const string ServerDllOverrideVariable = "CONFIGCENTER_SERVER_DLL";

    public static ServerCommand Create(string configPath) =>
        new(DotnetExecutable(), [FindServerDll(), configPath]);

    public static string FindServerDll()
    {
        var overridden = Environment.GetEnvironmentVariable(ServerDllOverrideVariable);
        if (!string.IsNullOrEmpty(overridden))
        {
            return File.Exists(overridden)
                ? overridden
                : throw new FileNotFoundException($"{ServerDllOverrideVariable} points to a missing file.", overridden);
        }

        // Prefer the build matching the tests' configuration; fall back to the other one rather than fail.
        var configurations = new[] { RepositoryLayout.BuildConfiguration, "Debug", "Release" }.Distinct();
        var candidates = configurations
            .Select(configuration => Path.Combine(
                RepositoryLayout.RootDirectory, "src", "ConfigCenter.Server", "bin", configuration, "net10.0", "ConfigCenter.Server.dll"))
            .ToList();
        return candidates.FirstOrDefault(File.Exists)
            ?? throw new FileNotFoundException(
                "ConfigCenter.Server.dll is not built; build src/ConfigCenter.Server first. Looked at:\n  "
                + string.Join("\n  ", candidates));
    }

    private static string DotnetExecutable()
    {
        // Under "dotnet test" the test host itself runs on the dotnet muxer; reuse it so the same SDK runs the server.
        var current = Environment.ProcessPath;
        if (current is not null && Path.GetFileNameWithoutExtension(current) == "dotnet")
        {
            return current;
        }

        var hostPath = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        return string.IsNullOrEmpty(hostPath) ? "dotnet" : hostPath;
    }
}
