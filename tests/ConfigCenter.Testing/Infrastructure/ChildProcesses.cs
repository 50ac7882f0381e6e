using System.Diagnostics;
using System.Text;

namespace ConfigCenter.Testing.Infrastructure;

/// <summary>Starting and stopping the external processes the tests drive.</summary>
public static class ChildProcesses
{
    private static readonly Encoding Utf8NoBom = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    /// <summary>
    /// Starts <paramref name="fileName"/> with stdout and stderr appended to <paramref name="logFile"/>.
    /// The shell execs the program, so the returned process is the program itself; its stdin stays an open pipe
    /// so a server never sees end-of-input.
    /// </summary>
    public static Process StartWithOutputToFile(
        string fileName, IEnumerable<string> arguments, string logFile, string workingDirectory)
    {
        var startInfo = ShellExec("exec \"$0\" \"$@\" >>\"$HARNESS_LOG_FILE\" 2>&1", fileName, arguments, workingDirectory);
        startInfo.Environment["HARNESS_LOG_FILE"] = logFile;
        return Process.Start(startInfo) ?? throw new InvalidOperationException($"Could not start {fileName}.");
    }

    /// <summary>
    /// Starts <paramref name="fileName"/> with stdin and a single merged stdout+stderr pipe.
    /// Merging in the shell keeps the order in which the program wrote (zkCli prints "Created ..." to stderr).
    /// </summary>
    public static Process StartWithMergedOutput(string fileName, IEnumerable<string> arguments, string workingDirectory)
    {
        var startInfo = ShellExec("exec \"$0\" \"$@\" 2>&1", fileName, arguments, workingDirectory);
        startInfo.RedirectStandardOutput = true;
        startInfo.StandardOutputEncoding = Utf8NoBom;
        return Process.Start(startInfo) ?? throw new InvalidOperationException($"Could not start {fileName}.");
    }

    /// <summary>Kills the process and its children with SIGKILL and waits until they are gone.</summary>
    public static async Task KillTreeAsync(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            // Never started or already reaped: nothing left to kill.
        }
    }

    private static ProcessStartInfo ShellExec(string script, string fileName, IEnumerable<string> arguments, string workingDirectory)
    {
        var startInfo = new ProcessStartInfo("/bin/sh")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            StandardInputEncoding = Utf8NoBom,
            WorkingDirectory = workingDirectory,
        };
        startInfo.ArgumentList.Add("-c");
        startInfo.ArgumentList.Add(script);
        startInfo.ArgumentList.Add(fileName);
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        return startInfo;
    }
}
