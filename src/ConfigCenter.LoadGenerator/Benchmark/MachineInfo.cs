using System.Diagnostics;
using System.Runtime.InteropServices;

namespace ConfigCenter.LoadGenerator.Benchmark;

/// <summary>What the figures were measured on, recorded with them.</summary>
internal sealed record MachineInfo(int Cores, string Cpu, long MemoryBytes, string Kernel, string Os, string WorkDisk, string Dotnet, string Java)
{
    public static MachineInfo Describe(string workDirectory, ServerInstallation installation) => new(
        Environment.ProcessorCount,
        FirstValue("/proc/cpuinfo", "model name") ?? "unknown",
        (FirstNumber("/proc/meminfo", "MemTotal") ?? 0) * 1024,
        ReadOrUnknown("/proc/sys/kernel/osrelease"),
        RuntimeInformation.OSDescription,
        Df(workDirectory),
        RuntimeInformation.FrameworkDescription,
        installation.JavaVersion());

    private static string ReadOrUnknown(string path) => File.Exists(path) ? File.ReadAllText(path).Trim() : "unknown";

    private static string? FirstValue(string path, string key) =>
        File.Exists(path)
            ? File.ReadLines(path).Where(l => l.StartsWith(key, StringComparison.Ordinal)).Select(l => l[(l.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim()).FirstOrDefault()
            : null;

    private static long? FirstNumber(string path, string key) =>
        FirstValue(path, key)?.Split(' ')[0] is { } text && long.TryParse(text, out var value) ? value : null;

    /// <summary>Device, file system, size and mount point of the directory's disk, from df.</summary>
    private static string Df(string directory)
    {
        try
        {
            var start = new ProcessStartInfo("df") { RedirectStandardOutput = true, UseShellExecute = false };
            foreach (var argument in new[] { "-h", "--output=source,fstype,size,target", directory }) start.ArgumentList.Add(argument);
            using var df = Process.Start(start)!;
            var lines = df.StandardOutput.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
            df.WaitForExit();
            return lines.Length > 1 ? string.Join(' ', lines[1].Split(' ', StringSplitOptions.RemoveEmptyEntries)) : "unknown";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "unknown";
        }
    }
}
