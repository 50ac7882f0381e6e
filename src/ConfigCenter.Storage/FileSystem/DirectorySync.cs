using System.Runtime.InteropServices;

namespace ConfigCenter.Storage.FileSystem;

/// <summary>
/// fsync of a directory, which .NET cannot open as a file. Without it a newly created or renamed
/// file may vanish in a crash even though its contents were synced. Windows has no such need.
/// </summary>
internal static class DirectorySync
{
    private const int ReadOnly = 0;

    public static void Sync(string directory)
    {
        if (OperatingSystem.IsWindows()) return;
        var fd = NativeMethods.Open(directory, ReadOnly);
        if (fd < 0) throw new IOException($"cannot open directory {directory} to sync it (errno {Marshal.GetLastPInvokeError()})");
        try
        {
            if (NativeMethods.Fsync(fd) != 0)
                throw new IOException($"fsync of directory {directory} failed (errno {Marshal.GetLastPInvokeError()})");
        }
        finally
        {
            _ = NativeMethods.Close(fd);
        }
    }

    private static class NativeMethods
    {
        [DllImport("libc", EntryPoint = "open", SetLastError = true)]
        public static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

        [DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
        public static extern int Fsync(int fd);

        [DllImport("libc", EntryPoint = "close", SetLastError = true)]
        public static extern int Close(int fd);
    }
}
