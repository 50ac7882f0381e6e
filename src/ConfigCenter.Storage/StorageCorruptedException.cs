namespace ConfigCenter.Storage;

/// <summary>
/// A log segment or snapshot is damaged in a way recovery must not paper over: a bad record with
/// good ones after it, a gap in the zxids, an unreadable snapshot. Names the file and the byte offset.
/// </summary>
public sealed class StorageCorruptedException : IOException
{
    public StorageCorruptedException(string filePath, long offset, string problem, Exception? innerException = null)
        : base($"{filePath}: {problem} (at byte offset {offset})", innerException)
    {
        FilePath = filePath;
        Offset = offset;
        Problem = problem;
    }

    public string FilePath { get; }
    public long Offset { get; }
    public string Problem { get; }
}
