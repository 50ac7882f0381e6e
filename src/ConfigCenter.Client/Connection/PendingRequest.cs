using ConfigCenter.Client.Exceptions;
using ConfigCenter.Client.Watches;
using ConfigCenter.Protocol;
using ConfigCenter.Protocol.Jute;
using ConfigCenter.Protocol.Records;

namespace ConfigCenter.Client.Connection;

/// <summary>
/// A request from the moment it is submitted until its reply (or failure) arrives. Replies come back
/// in the order requests were written, so the receive loop matches each reply to the oldest pending
/// request and checks the xid.
/// </summary>
internal abstract class PendingRequest(OpCode opCode, Request body, string? clientPath, int? fixedXid)
{
    public OpCode OpCode { get; } = opCode;
    public Request Body { get; } = body;

    /// <summary>The path named in exceptions.</summary>
    public string? ClientPath { get; } = clientPath;

    /// <summary>The reserved xid of auth (-4) and setWatches (-8) packets; null for ordinary requests.</summary>
    public int? FixedXid { get; } = fixedXid;

    /// <summary>Assigned when the request is written, so xids increase in wire order.</summary>
    public int Xid { get; set; }

    /// <summary>True when nobody waits for the result any more (cancelled before it was written): it is not sent.</summary>
    public abstract bool IsAbandoned { get; }

    /// <summary>Called on the receive loop, in reply order.</summary>
    public abstract void Complete(ReplyHeader header, ref JuteReader body, WatchRegistry registry);

    public abstract void Fail(Exception exception);
}

/// <summary>A pending request whose caller awaits a <typeparamref name="T"/>.</summary>
internal sealed class PendingRequest<T> : PendingRequest
{
    private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ReplyDecoder<T> _decode;
    private readonly WatchRegistration? _watch;
    private readonly CancellationTokenRegistration _cancellation;
    private readonly CancellationToken _cancellationToken;

    public PendingRequest(
        OpCode opCode, Request body, string? clientPath, ReplyDecoder<T> decode, WatchRegistration? watch,
        CancellationToken cancellationToken, int? fixedXid = null)
        : base(opCode, body, clientPath, fixedXid)
    {
        _decode = decode;
        _watch = watch;
        _cancellationToken = cancellationToken;
        // Cancelling only stops the caller's wait: once written, the request still runs on the server.
        if (cancellationToken.CanBeCanceled)
            _cancellation = cancellationToken.Register(static state => ((PendingRequest<T>)state!).Cancel(), this);
    }

    public Task<T> Task => _completion.Task;

    public override bool IsAbandoned => _completion.Task.IsCompleted;

    public override void Complete(ReplyHeader header, ref JuteReader body, WatchRegistry registry)
    {
        // A caller that gave up no longer holds the watcher's event handling in mind: do not register it.
        if (!_completion.Task.IsCompleted) _watch?.Register(registry, header.Err);
        try
        {
            _completion.TrySetResult(_decode(header.Err, ref body));
        }
        catch (KeeperException exception)
        {
            _completion.TrySetException(exception);
        }
        catch (JuteException exception)
        {
            _completion.TrySetException(new MarshallingErrorException(ClientPath, $"Undecodable {OpCode} reply: {exception.Message}"));
        }
        catch (Exception exception)
        {
            // Whatever a decoder throws belongs to its caller; the receive loop must go on.
            _completion.TrySetException(exception);
        }
        _cancellation.Dispose();
    }

    public override void Fail(Exception exception)
    {
        _completion.TrySetException(exception);
        _cancellation.Dispose();
    }

    private void Cancel() => _completion.TrySetCanceled(_cancellationToken);
}
