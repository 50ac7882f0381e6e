namespace ConfigCenter.LoadGenerator.Measurement;

/// <summary>
/// Which replies count: requests sent at or after the start (the warm-up is over) and answered
/// by the end (the duration is up). Set by the runner, read by every connection's receiver.
/// </summary>
internal sealed class MeasurementWindow
{
    private long _start;
    private long _end = long.MaxValue;

    public long Start => Volatile.Read(ref _start);

    public long End => Volatile.Read(ref _end);

    public void Open(long startTimestamp) => Volatile.Write(ref _start, startTimestamp);

    public void Close(long endTimestamp) => Volatile.Write(ref _end, endTimestamp);

    public bool Includes(long sentTimestamp, long receivedTimestamp) =>
        sentTimestamp >= Start && receivedTimestamp <= End;
}
