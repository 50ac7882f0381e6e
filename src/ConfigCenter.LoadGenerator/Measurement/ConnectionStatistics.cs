using ConfigCenter.Protocol;

namespace ConfigCenter.LoadGenerator.Measurement;

/// <summary>
/// What one connection saw. Written only by its receiver, read once the connection has finished,
/// so no locking is needed.
/// </summary>
internal sealed class ConnectionStatistics
{
    public LatencyHistogram Latency { get; } = new();

    /// <summary>Successful replies inside the measurement window.</summary>
    public long Completed { get; private set; }

    /// <summary>Replies with an error code, and requests lost with the connection, over the whole run.</summary>
    public Dictionary<ErrorCode, long> Errors { get; } = [];

    public long LastReplyTimestamp { get; private set; }

    /// <summary>Every reply, warm-up and errors included.</summary>
    public long Replies { get; private set; }

    /// <summary>Why the connection ended early, if it did.</summary>
    public string? Failure { get; private set; }

    public void RecordReply(ErrorCode result, long sentTimestamp, long receivedTimestamp, MeasurementWindow window)
    {
        LastReplyTimestamp = receivedTimestamp;
        Replies++;
        if (result != ErrorCode.Ok)
        {
            AddErrors(result, 1);
            return;
        }

        if (!window.Includes(sentTimestamp, receivedTimestamp)) return;
        Completed++;
        Latency.Record(sentTimestamp, receivedTimestamp);
    }

    public void RecordConnectionLost(string reason, int pendingRequests)
    {
        Failure ??= reason;
        if (pendingRequests > 0) AddErrors(ErrorCode.ConnectionLoss, pendingRequests);
    }

    private void AddErrors(ErrorCode code, long count) =>
        Errors[code] = Errors.GetValueOrDefault(code) + count;
}
