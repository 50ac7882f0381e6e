using System.CommandLine;

namespace ConfigCenter.LoadGenerator.Cli;

/// <summary>What the subcommands share: building the command, and turning a binding failure into a usage error.</summary>
internal static class CommandActions
{
    public static Command Create(string name, string description, IEnumerable<Option> options, Func<ParseResult, CancellationToken, Task<int>> action)
    {
        var command = new Command(name, description);
        foreach (var option in options) command.Options.Add(option);
        command.SetAction(action);
        return command;
    }

    /// <summary>Binds the settings; on a <see cref="FormatException"/> prints it and returns false (exit with <see cref="ExitCodes.Usage"/>).</summary>
    public static bool TryBind<T>(Func<T> bind, TextWriter error, out T settings) where T : class
    {
        try
        {
            settings = bind();
            return true;
        }
        catch (FormatException e)
        {
            error.WriteLine($"error: {e.Message}");
            settings = null!;
            return false;
        }
    }
}
