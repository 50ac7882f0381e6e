namespace ConfigCenter.Protocol;

/// <summary>Reserved xids of the client protocol (ClientCnxn).</summary>
public static class Xids
{
    public const int Notification = -1;
    public const int Ping = -2;
    public const int Auth = -4;
    public const int SetWatches = -8;
}
