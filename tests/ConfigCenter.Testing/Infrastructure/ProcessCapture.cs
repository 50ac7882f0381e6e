using System.Diagnostics;
using System.Text;

namespace ConfigCenter.Testing.Infrastructure;

/// <summary>What a finished process wrote.</summary>
public sealed record CapturedOutput(int ExitCode, string StandardOutput, string StandardError);

/// <summary>Runs a process to completion, feeding stdin and capturing stdout and stderr, bounded by a timeout.</summary>
public static class ProcessCapture
{
    private static readonly Encoding Utf8NoBom = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    public static async Task<CapturedOutput> RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        string? standardInput,
        TimeSpan timeout,
        CancellationToken cancellationToken,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardInputEncoding = Utf8NoBom,
            StandardOutputEncoding = Utf8NoBom,
            StandardErrorEncoding = Utf8NoBom,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            startInfo.Environment[name] = value;
        }

        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"Could not start {fileName}.");

        // Read both pipes concurrently so a chatty stderr cannot block the child on a full pipe.
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            if (standardInput is not null)
            {
                await process.StandardInput.WriteAsync(standardInput.AsMemory(), deadline.Token).ConfigureAwait(false);
            }

            process.StandardInput.Close();
            await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException)
        {
            await ChildProcesses.KillTreeAsync(process).ConfigureAwait(false);
            var partialOut = await stdout.ConfigureAwait(false);
            var partialErr = await stderr.ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            if (exception is IOException)
            {
                throw new InvalidOperationException(
                    $"{fileName} closed its input early.\n--- stdout ---\n{partialOut}\n--- stderr ---\n{partialErr}", exception);
            }

            throw new TimeoutException(
                $"{fileName} did not finish within {timeout.TotalSeconds:0.#} s and was killed.\n--- stdout ---\n{partialOut}\n--- stderr ---\n{partialErr}");
        }

        return new CapturedOutput(process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
    }
}
