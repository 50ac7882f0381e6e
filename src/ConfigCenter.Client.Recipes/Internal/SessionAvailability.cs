namespace ConfigCenter.Client.Recipes.Internal;

/// <summary>Lets a recipe's retry loop wait for a usable session instead of spinning against a client that has none.</summary>
internal static class SessionAvailability
{
    /// <summary>
    /// Waits until the client is connected: true then; false when it is closed or refused, which no waiting
    /// cures. A client that lost its session and does not rebuild one simply never becomes connected again.
    /// </summary>
    public static async Task<bool> WaitUntilConnectedAsync(ZooKeeperClient client, CancellationToken cancellationToken)
    {
        // Subscribed before looking, so a change between the look and the wait is not missed.
        using var changes = client.SubscribeToStateChanges();
        while (true)
        {
            switch (client.CurrentState)
            {
                case ConnectionState.Connected or ConnectionState.ReadOnly:
                    return true;
                case ConnectionState.Closed or ConnectionState.AuthFailed:
                    return false;
            }
            if (!await changes.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false)) return false;
            while (changes.Reader.TryRead(out _))
            {
            }
        }
    }
}
