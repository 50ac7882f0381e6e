using System.Text;

namespace ConfigCenter.Client;

/// <summary>Credentials sent with addAuth on every (re)connect, e.g. ("digest", "user:password").</summary>
/// <param name="Scheme">The authentication scheme, such as "digest".</param>
/// <param name="Data">The scheme's credential bytes.</param>
public sealed record AuthInfo(string Scheme, byte[] Data)
{
    /// <summary>Digest credentials "user:password", as zkCli's addauth digest sends them.</summary>
    public static AuthInfo Digest(string user, string password) => new("digest", Encoding.UTF8.GetBytes($"{user}:{password}"));
}
