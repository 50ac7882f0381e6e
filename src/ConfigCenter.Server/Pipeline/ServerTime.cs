namespace ConfigCenter.Server.Pipeline;

/// <summary>
/// The time an input arrives with. Elapsed drives deadlines and never jumps; Wall stamps ctime and
/// mtime. The state machine reads no clock of its own, so a test or simulator controls both.
/// </summary>
internal readonly record struct ServerTime(long ElapsedMs, long WallMs);
