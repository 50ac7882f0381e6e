using ConfigCenter.Cli;
using ConfigCenter.Configuration.Tests.Support;
using ConfigCenter.Testing.Servers;

namespace ConfigCenter.Configuration.Tests.Publishing;

/// <summary>The configcenter command line, run in-process with its output captured.</summary>
[Collection(ConfigurationCollection.Name)]
public sealed class CliTests(SharedServers servers) : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("zkconfig-cli-").FullName;

    [Theory]
    [BothServerKinds]
    public async Task Import_export_round_trip_and_version_conflicts(ServerKind kind)
    {
        var server = await servers.GetAsync(kind);
        var root = ZkTestClients.NewRootPath("cli");
        var input = Path.Combine(_directory, "orders.json");
        var exported = Path.Combine(_directory, "exported.json");
        await File.WriteAllTextAsync(input, """{"ConnectionStrings": {"Orders": "Host=db"}, "Pool": {"MaxSize": "20"}}""");
        string[] target = ["--connect", server.ConnectString, "--root", root];

        Assert.Equal((ExitCodes.Success, "Imported orders.json"), Prefix(await RunAsync(["config", "import", input, .. target]), 20));
        Assert.Equal(ExitCodes.Success, (await RunAsync(["config", "export", "--output", exported, .. target])).Code);
        Assert.Equal((ExitCodes.Success, $"{root} already matches"), Prefix(await RunAsync(["config", "import", exported, .. target]), root.Length + 16));

        var get = await RunAsync(["config", "get", "Pool:MaxSize", .. target]);
        Assert.Equal($"20{Environment.NewLine}version 0{Environment.NewLine}", get.Output);
        Assert.Equal(ExitCodes.Success, (await RunAsync(["config", "set", "Pool:MaxSize", "30", "--version", "0", .. target])).Code);
        var stale = await RunAsync(["config", "set", "Pool:MaxSize", "40", "--version", "0", .. target]);
        Assert.Equal(ExitCodes.Conflict, stale.Code);
        Assert.Contains("Conflict", stale.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Conflict, (await RunAsync(["config", "delete", "Pool:MaxSize", "--version", "0", .. target])).Code);
        Assert.Equal(ExitCodes.Success, (await RunAsync(["config", "delete", "Pool:MaxSize", "--version", "1", .. target])).Code);
        Assert.Equal(ExitCodes.BadInput, (await RunAsync(["config", "get", "Pool:MaxSize", .. target])).Code);
    }

    [Fact]
    public async Task An_unreachable_ensemble_is_reported_with_its_own_exit_code()
    {
        var result = await RunAsync(["config", "export", "--connect", $"127.0.0.1:{FreePorts.Next()}", "--root", "/x"]);
        Assert.Equal(ExitCodes.Unavailable, result.Code);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static (int Code, string Start) Prefix((int Code, string Output, string Error) result, int length) =>
        (result.Code, result.Output.Length >= length ? result.Output[..length] : result.Output + result.Error);

    private static async Task<(int Code, string Output, string Error)> RunAsync(string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await ConfigCli.RunAsync(args, output, error);
        return (code, output.ToString(), error.ToString());
    }
}
