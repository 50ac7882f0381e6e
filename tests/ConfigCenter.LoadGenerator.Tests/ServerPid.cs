using System.Globalization;

namespace ConfigCenter.LoadGenerator.Tests;

/// <summary>The process id of a server the harness started, found by the unique zoo.cfg path on its command line.</summary>
internal static class ServerPid
{
    public static int Of(string configFilePath)
    {
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)) continue;
            string commandLine;
            try
            {
                commandLine = File.ReadAllText(Path.Combine(directory, "cmdline"));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue; // exited meanwhile
            }

            // Arguments are separated by NUL bytes; the shell that may wrap the server has the path too, so take the dotnet one.
            var arguments = commandLine.Split('\0');
            if (arguments.Contains(configFilePath) && arguments.Any(a => a.EndsWith("ConfigCenter.Server.dll", StringComparison.Ordinal))
                && Path.GetFileName(arguments[0]).StartsWith("dotnet", StringComparison.Ordinal))
                return pid;
        }

        throw new InvalidOperationException($"no server process runs with {configFilePath}");
    }
}
