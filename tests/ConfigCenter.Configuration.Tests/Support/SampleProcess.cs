using System.Diagnostics;
using System.Net.Http.Json;
using ConfigCenter.Testing.Infrastructure;
using ConfigCenter.Testing.Servers;

namespace ConfigCenter.Configuration.Tests.Support;

/// <summary>The orders sample as a real process on 127.0.0.1 (no in-memory test host), with its output in a log file.</summary>
public sealed class SampleProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly string _logFile;

    private SampleProcess(Process process, string logFile, Uri baseAddress)
    {
        _process = process;
        _logFile = logFile;
        Http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public HttpClient Http { get; }

    public static async Task<SampleProcess> StartAsync(string zkConnectString, string root)
    {
        var dll = Path.Combine(RepositoryLayout.RootDirectory, "samples", "ConfigCenter.Samples.Orders", "bin",
            RepositoryLayout.BuildConfiguration, "net10.0", "ConfigCenter.Samples.Orders.dll");
        var url = $"http://127.0.0.1:{FreePorts.Next()}";
        var logFile = Path.Combine(Path.GetTempPath(), $"orders-sample-{Guid.NewGuid():N}.log");
        var process = ChildProcesses.StartWithOutputToFile(
            Environment.ProcessPath is { } host && Path.GetFileNameWithoutExtension(host) == "dotnet" ? host : "dotnet",
            [dll, "--urls", url, $"--ConfigCenter:Connect={zkConnectString}", $"--ConfigCenter:Root={root}"],
            logFile, Path.GetDirectoryName(dll)!);
        var sample = new SampleProcess(process, logFile, new Uri(url));
        try
        {
            await sample.WaitUntilHealthyAsync();
            return sample;
        }
        catch
        {
            await sample.DisposeAsync();
            throw;
        }
    }

    public async Task<T> GetAsync<T>(string path, CancellationToken cancellationToken = default) =>
        (await Http.GetFromJsonAsync<T>(path, cancellationToken))!;

    public string ReadLog() => LogTail.Read(_logFile, 80);

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await ChildProcesses.KillTreeAsync(_process);
        _process.Dispose();
    }

    private static readonly TimeSpan ProbeInterval = TimeSpan.FromMilliseconds(100);

    private async Task WaitUntilHealthyAsync()
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < StartTimeout)
        {
            if (_process.HasExited) throw new InvalidOperationException($"The sample exited with {_process.ExitCode}:\n{ReadLog()}");
            try
            {
                if ((await Http.GetAsync("/health")).IsSuccessStatusCode) return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            // The pause between readiness probes, as ZkServerProcess polls ruok: the condition is rechecked, never assumed.
            await Task.Delay(ProbeInterval);
        }
        throw new TimeoutException($"The sample did not answer /health within {StartTimeout}:\n{ReadLog()}");
    }
}
