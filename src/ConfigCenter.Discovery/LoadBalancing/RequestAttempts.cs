namespace ConfigCenter.Discovery;

/// <summary>
/// The instances one logical request has already been sent to, carried in the request's options from
/// the retry handler to the load-balancing handler so that a retry goes elsewhere.
/// </summary>
internal static class RequestAttempts
{
    private static readonly HttpRequestOptionsKey<HashSet<string>> TriedKey = new("ConfigCenter.Discovery.TriedInstances");

    public static HashSet<string> Tried(HttpRequestMessage request)
    {
        if (!request.Options.TryGetValue(TriedKey, out var tried))
        {
            tried = new HashSet<string>(StringComparer.Ordinal);
            request.Options.Set(TriedKey, tried);
        }
        return tried;
    }
}
