using System.Globalization;
using System.Text;
using ConfigCenter.Storage.FileSystem;

namespace ConfigCenter.Storage.Quorum;

/// <summary>
/// A non-negative number kept as decimal text in a file of its own, the way ZooKeeper keeps
/// acceptedEpoch and currentEpoch: no newline is written, surrounding whitespace is accepted.
/// </summary>
internal static class DecimalFile
{
    // "9223372036854775807" plus room for whitespace an editor may add; anything longer is not a number.
    private const int MaxLength = 64;

    /// <summary>The number in the file; null when there is no file.</summary>
    /// <exception cref="InvalidDataException">The file holds something other than a non-negative decimal number.</exception>
    public static long? Read(IStorageFileSystem fileSystem, string path)
    {
        if (!fileSystem.FileExists(path)) return null;
        using var stream = fileSystem.OpenRead(path);
        if (stream.Length > MaxLength)
            throw new InvalidDataException($"{path} should hold a non-negative decimal number but is {stream.Length} bytes long");
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        var text = Encoding.UTF8.GetString(bytes);
        if (!long.TryParse(text.AsSpan().Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            throw new InvalidDataException($"{path} should hold a non-negative decimal number but holds \"{text}\"");
        return value;
    }

    /// <summary>Replaces the file's number durably: a crash leaves the old number or the new one.</summary>
    public static void Write(IStorageFileSystem fileSystem, string path, long value)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        var bytes = Encoding.ASCII.GetBytes(value.ToString(CultureInfo.InvariantCulture));
        AtomicFile.Write(fileSystem, path, file => file.Write(0, bytes));
    }
}
