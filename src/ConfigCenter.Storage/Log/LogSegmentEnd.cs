namespace ConfigCenter.Storage.Log;

/// <summary>How the records of a segment end.</summary>
public enum LogSegmentEnd
{
    /// <summary>At the end of the file or at zeros (unused preallocation) that run to its end.</summary>
    Clean,

    /// <summary>
    /// At a record cut short by a crash: a bad length or CRC with nothing valid after it. Recovery
    /// cuts the file there; the record was never reported durable.
    /// </summary>
    TornTail,

    /// <summary>The file is shorter than its header, or all zeros: a crash while it was being created. It holds no record.</summary>
    MissingHeader,
}
