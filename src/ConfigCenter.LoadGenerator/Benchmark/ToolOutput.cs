using System.ComponentModel;
using System.Diagnostics;

namespace ConfigCenter.LoadGenerator.Benchmark;

/// <summary>Runs a short command (java -version, git, dpkg-query) and returns what it printed, for the report.</summary>
internal static class ToolOutput
{
    /// <summary>The lines printed on stdout and stderr, or null when the command could not run or failed.</summary>
    public static IReadOnlyList<string>? Lines(string fileName, params string[] arguments)
    {
        try
        {
            var start = new ProcessStartInfo(fileName) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
            foreach (var argument in arguments) start.ArgumentList.Add(argument);
            using var process = Process.Start(start)!;
            var stderr = process.StandardError.ReadToEndAsync();
            var text = process.StandardOutput.ReadToEnd() + stderr.GetAwaiter().GetResult();
            process.WaitForExit();
            return process.ExitCode == 0 ? text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : null;
        }
        catch (Win32Exception)
        {
            return null;
        }
    }
}
