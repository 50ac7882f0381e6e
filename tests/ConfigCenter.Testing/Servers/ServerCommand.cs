namespace ConfigCenter.Testing.Servers;

/// <summary>The program and arguments that start one server on a given zoo.cfg.</summary>
public sealed record ServerCommand(string FileName, IReadOnlyList<string> Arguments)
{
    public override string ToString() => $"{FileName} {string.Join(' ', Arguments)}";
}
