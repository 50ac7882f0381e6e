using ConfigCenter.Protocol;

namespace ConfigCenter.Client.Watches;

/// <summary>
/// A watch a request asks for, added to the registry only when the reply shows the server set it:
/// registered from the receive loop before any later notification is read, so no event can slip
/// between the reply and the registration.
/// </summary>
internal sealed record WatchRegistration(WatchKind Kind, string ClientPath, IWatcher Watcher, bool IsExists = false)
{
    public void Register(WatchRegistry registry, ErrorCode err)
    {
        if (IsExists)
        {
            // exists sets a data watch on a node that exists and an exist watch on one that does not.
            if (err == ErrorCode.Ok) registry.Add(WatchKind.Data, ClientPath, Watcher);
            else if (err == ErrorCode.NoNode) registry.Add(WatchKind.Exist, ClientPath, Watcher);
            return;
        }
        if (err == ErrorCode.Ok) registry.Add(Kind, ClientPath, Watcher);
    }
}
