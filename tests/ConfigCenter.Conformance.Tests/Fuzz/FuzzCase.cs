using ConfigCenter.Protocol;

namespace ConfigCenter.Conformance.Tests.Fuzz;

/// <summary>What a correct server may do with a fuzz input.</summary>
public enum FuzzExpectation
{
    /// <summary>A reply with any defined error code, Ok included (a mutation may still be a valid request), or a close.</summary>
    AnyDefinedAnswer,

    /// <summary>The input is invalid: a reply with an error code, or a close; never Ok.</summary>
    ErrorOrClose,

    /// <summary>The stream is broken (bad length, cut frame): the connection must close.</summary>
    Close,

    /// <summary>Bytes sent instead of a handshake: a ConnectResponse (the bytes happened to parse) or a close.</summary>
    ConnectResponseOrClose,
}

/// <summary>
/// One fuzz input. Bytes is the whole wire image, length prefix included. Xid is the xid written
/// into the frame when its header is intact (null otherwise), so the reply can be matched.
/// </summary>
public sealed record FuzzCase(
    string Description,
    byte[] Bytes,
    bool BeforeHandshake,
    int? Xid,
    OpCode DeclaredType,
    FuzzExpectation Expectation,
    bool ShutdownSendAfter = false)
{
    public override string ToString() => $"{Description} [{Bytes.Length} bytes, expect {Expectation}]";
}
