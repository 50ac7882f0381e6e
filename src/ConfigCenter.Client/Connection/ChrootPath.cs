namespace ConfigCenter.Client.Connection;

/// <summary>
/// Maps client paths to server paths and back when the connect string names a chroot, so the
/// application sees the chroot as "/".
/// </summary>
internal sealed class ChrootPath(string? chroot)
{
    public string? Chroot { get; } = chroot;

    public string ToServer(string clientPath)
    {
        if (Chroot is null) return clientPath;
        return clientPath == "/" ? Chroot : Chroot + clientPath;
    }

    /// <summary>A server path outside the chroot (which a correct server never sends) is returned unchanged.</summary>
    public string ToClient(string serverPath)
    {
        if (Chroot is null) return serverPath;
        if (serverPath == Chroot) return "/";
        if (serverPath.Length > Chroot.Length && serverPath.StartsWith(Chroot, StringComparison.Ordinal) && serverPath[Chroot.Length] == '/')
            return serverPath[Chroot.Length..];
        return serverPath;
    }

    /// <summary>True when the server path lies inside the chroot (always, without one).</summary>
    public bool Contains(string serverPath) =>
        Chroot is null || serverPath == Chroot
        || (serverPath.StartsWith(Chroot, StringComparison.Ordinal) && serverPath.Length > Chroot.Length && serverPath[Chroot.Length] == '/');
}
