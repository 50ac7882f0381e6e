namespace ConfigCenter.Storage.Log;

/// <summary>A logged transaction as bytes (<see cref="TxnRecordCodec"/>'s format) with its zxid: an ensemble log entry.</summary>
public readonly record struct TxnRecord(long Zxid, byte[] Data);
