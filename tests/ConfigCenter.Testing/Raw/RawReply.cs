using ConfigCenter.Protocol;
using ConfigCenter.Protocol.Records;

namespace ConfigCenter.Testing.Raw;

/// <summary>
/// One reply exactly as the server sent it: the header, the decoded body (null when the server sent
/// none or it could not be decoded) and the raw body bytes.
/// </summary>
public sealed record RawReply(OpCode RequestType, ReplyHeader Header, Response? Body, byte[] BodyBytes, string? DecodeError)
{
    public ErrorCode Err => Header.Err;
    public long Zxid => Header.Zxid;

    /// <summary>How many watch notifications the connection had received before this reply: where it lay in the stream.</summary>
    public int EventsBefore { get; init; }

    /// <summary>The body as T; fails loudly so a test sees what came back instead of a null.</summary>
    public T BodyAs<T>() where T : Response =>
        Body as T ?? throw new InvalidOperationException(
            $"{RequestType} reply (err {Err}) has body {Body?.GetType().Name ?? "none"}, not {typeof(T).Name}; decode error: {DecodeError ?? "none"}");

    public override string ToString() => $"{RequestType} xid={Header.Xid} zxid={Header.Zxid} err={Err} body={Body}";
}
