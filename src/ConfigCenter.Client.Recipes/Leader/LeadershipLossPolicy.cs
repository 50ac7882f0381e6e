namespace ConfigCenter.Client.Recipes.Leader;

/// <summary>When a leader gives up leadership because of connection trouble (Curator's connection-state error policies).</summary>
public enum LeadershipLossPolicy
{
    /// <summary>
    /// Only when the session is lost (the server expired it, or the client closed): leadership lasts through
    /// suspensions, since the session and its leader node may well survive them. Curator's
    /// SessionConnectionStateErrorPolicy; the default here.
    /// </summary>
    OnSessionLoss,

    /// <summary>
    /// As soon as the connection is suspended: safer when two leaders must never act at once, at the price of
    /// giving up leadership on every connection blip. Curator's StandardConnectionStateErrorPolicy.
    /// </summary>
    OnSuspension,
}
