using ConfigCenter.Client.Exceptions;
using ConfigCenter.Client.Operations;
using ConfigCenter.Protocol;
using ConfigCenter.Protocol.Records;

namespace ConfigCenter.Client;

// Session-level operations: sync, authentication, identity.
public sealed partial class ZooKeeperClient
{
    /// <summary>
    /// Waits until the server this client is connected to has caught up with the leader, so a read
    /// that follows sees every write committed before the sync. Returns the synced path.
    /// </summary>
    public Task<string> SyncAsync(string path, CancellationToken cancellationToken = default)
    {
        PathArguments.Validate(path);
        var request = new SyncRequest(ChrootPath.ToServer(path));
        return WithReadRetry(token => SendAsync(OpCode.Sync, request, path,
            (err, ref body) =>
            {
                Replies.ThrowIfError(err, path);
                return ChrootPath.ToClient(SyncResponse.Read(ref body).Path);
            }, token), cancellationToken);
    }

    /// <summary>
    /// Adds credentials to the session (e.g. scheme "digest", bytes of "user:password") and waits for the
    /// server to accept them. They are sent again on every reconnect.
    /// </summary>
    /// <exception cref="AuthFailedException">The server refused them; the client is unusable from then on (state AuthFailed).</exception>
    public Task AddAuthAsync(string scheme, byte[] auth, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(scheme);
        ArgumentNullException.ThrowIfNull(auth);
        return _connection.AddAuthAsync(new AuthInfo(scheme, auth), cancellationToken);
    }

    /// <summary>The identities the server associates with this session (whoAmI).</summary>
    public Task<IReadOnlyList<ClientInfo>> WhoAmIAsync(CancellationToken cancellationToken = default) =>
        WithReadRetry(token => SendAsync(OpCode.WhoAmI, EmptyRequest.Instance, null,
            (err, ref body) =>
            {
                Replies.ThrowIfError(err, null);
                return WhoAmIResponse.Read(ref body).ClientInfo;
            }, token), cancellationToken);
}
