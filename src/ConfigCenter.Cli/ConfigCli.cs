using System.CommandLine;

namespace ConfigCenter.Cli;

/// <summary>
/// The command line: <c>config import FILE</c>, <c>config export [--output FILE]</c>, <c>config get KEY</c>,
/// <c>config set KEY VALUE [--version N]</c>, <c>config delete KEY [--version N]</c>, each with
/// <c>--connect</c> (or CONFIGCENTER_CONNECT) and <c>--root</c> (or CONFIGCENTER_ROOT).
/// </summary>
public static class ConfigCli
{
    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        var connect = new Option<string>("--connect", "-c")
        {
            Description = "ZooKeeper hosts, host:port[,host:port...] (default: $CONFIGCENTER_CONNECT or 127.0.0.1:2181)",
            Recursive = true,
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("CONFIGCENTER_CONNECT") ?? "127.0.0.1:2181",
        };
        var root = new Option<string>("--root", "-r")
        {
            Description = "the configuration root znode, e.g. /config/orders (default: $CONFIGCENTER_ROOT)",
            Recursive = true,
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("CONFIGCENTER_ROOT") ?? "",
        };
        var commands = new ConfigCommands(output, error);
        ConfigCommands.Target Target(ParseResult parse) => new(parse.GetValue(connect)!, parse.GetValue(root)!);

        var file = new Argument<FileInfo>("file") { Description = "a JSON document; the root is made to match it in one transaction" };
        var import = new Command("import", "Replace the configuration under the root with a JSON document, atomically.") { file };
        import.SetAction((parse, token) => commands.ImportAsync(Target(parse), parse.GetValue(file)!, token));

        var outputFile = new Option<FileInfo?>("--output", "-o") { Description = "write to this file instead of standard output" };
        var export = new Command("export", "Print the configuration under the root as a JSON document.") { outputFile };
        export.SetAction((parse, token) => commands.ExportAsync(Target(parse), parse.GetValue(outputFile), token));

        var key = new Argument<string>("key") { Description = "a configuration key, e.g. ConnectionStrings:Orders" };
        var get = new Command("get", "Print a key's value and version.") { key };
        get.SetAction((parse, token) => commands.GetAsync(Target(parse), parse.GetValue(key)!, token));

        var value = new Argument<string>("value") { Description = "the value (plain text, or a JSON object/array to flatten under the key)" };
        var version = new Option<int?>("--version") { Description = "only write if the key is at this version (as printed by get)" };
        var set = new Command("set", "Set a key, creating it if needed.") { key, value, version };
        set.SetAction((parse, token) => commands.SetAsync(Target(parse), parse.GetValue(key)!, parse.GetValue(value)!, parse.GetValue(version), token));

        var delete = new Command("delete", "Delete a key and everything below it.") { key, version };
        delete.SetAction((parse, token) => commands.DeleteAsync(Target(parse), parse.GetValue(key)!, parse.GetValue(version), token));

        var config = new Command("config", "Publish and inspect configuration.") { import, export, get, set, delete };
        var rootCommand = new RootCommand("ConfigCenter command-line tool.") { connect, root, config };
        return rootCommand.Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, cancellationToken);
    }
}
