namespace ConfigCenter.Testing.Infrastructure;

/// <summary>Reads the end of a log file for failure messages.</summary>
public static class LogTail
{
    public static string Read(string path, int maxLines = 60)
    {
        try
        {
            if (!File.Exists(path))
            {
                return $"(no log file at {path})";
            }

            // The writer may still hold the file open, so share it.
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            var lines = reader.ReadToEnd().Split('\n');
            var tail = lines.Skip(Math.Max(0, lines.Length - maxLines));
            return string.Join('\n', tail).TrimEnd();
        }
        catch (IOException exception)
        {
            return $"(log {path} unreadable: {exception.Message})";
        }
    }
}
