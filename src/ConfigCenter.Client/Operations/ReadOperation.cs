namespace ConfigCenter.Client.Operations;

/// <summary>One read of a multi-read: getData or getChildren of a path.</summary>
public abstract record ReadOperation
{
    private ReadOperation(string path) => Path = path;

    /// <summary>The path read, relative to the chroot.</summary>
    public string Path { get; }

    /// <summary>Reads a node's data and status; answered with a <see cref="GetDataResult"/>.</summary>
    public static ReadOperation GetData(string path) => new GetDataRead(path);

    /// <summary>Lists a node's children; answered with a <see cref="GetChildrenResult"/>.</summary>
    public static ReadOperation GetChildren(string path) => new GetChildrenRead(path);

    internal sealed record GetDataRead(string NodePath) : ReadOperation(NodePath);

    internal sealed record GetChildrenRead(string NodePath) : ReadOperation(NodePath);
}
