using System.Text.Json;
using ConfigCenter.Testing.Infrastructure;

namespace ConfigCenter.Testing.Clients;

/// <summary>
/// Runs a scenario script against a server with the real Python client kazoo. A script receives the connect
/// string as its first argument, prints one JSON document on stdout and exits 0; it observes, the test asserts.
/// </summary>
public static class Kazoo
{
    /// <summary>Debian's interpreter: the one with python3-kazoo installed (a pyenv python3 on PATH may lack it).</summary>
    public const string PythonExecutable = "/usr/bin/python3";

    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Scripts ship next to the test assembly in a "kazoo" folder.</summary>
    public static string ScriptsDirectory => Path.Combine(AppContext.BaseDirectory, "kazoo");

    /// <summary>Runs <paramref name="script"/> (a file name in <see cref="ScriptsDirectory"/> or a full path) and returns its JSON.</summary>
    public static async Task<JsonElement> RunAsync(
        string script,
        string connectString,
        IEnumerable<string>? arguments = null,
        TimeSpan? timeout = null,
        CancellationToken cancellationToken = default)
    {
        var scriptPath = Path.IsPathRooted(script) ? script : Path.Combine(ScriptsDirectory, script);
        if (!File.Exists(scriptPath))
        {
            throw new FileNotFoundException($"Kazoo script {script} not found (is it copied to the output directory?).", scriptPath);
        }

        var output = await ProcessCapture.RunAsync(
            PythonExecutable,
            ["-u", scriptPath, connectString, .. arguments ?? []],
            standardInput: null,
            timeout ?? DefaultTimeout,
            cancellationToken,
            // Keep __pycache__ out of the test output directory.
            new Dictionary<string, string> { ["PYTHONDONTWRITEBYTECODE"] = "1" }).ConfigureAwait(false);

        if (output.ExitCode != 0)
        {
            throw new KazooScriptException(script, output);
        }

        try
        {
            using var document = JsonDocument.Parse(output.StandardOutput);
            return document.RootElement.Clone();
        }
        catch (JsonException exception)
        {
            throw new KazooScriptException(script, output, exception);
        }
    }
}
