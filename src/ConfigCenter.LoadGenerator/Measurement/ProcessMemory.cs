namespace ConfigCenter.LoadGenerator.Measurement;

/// <summary>Resident memory of a process, as Linux reports it.</summary>
internal static class ProcessMemory
{
    /// <summary>VmRSS from /proc/&lt;pid&gt;/status, in bytes; 0 when the process is gone.</summary>
    public static long ResidentBytes(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (!line.StartsWith("VmRSS:", StringComparison.Ordinal)) continue;
                var kilobytes = line["VmRSS:".Length..].Trim().Split(' ')[0];
                return long.Parse(kilobytes, System.Globalization.CultureInfo.InvariantCulture) * 1024;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The process has exited.
        }

        return 0;
    }
}
