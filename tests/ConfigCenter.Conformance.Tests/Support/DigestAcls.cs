using System.Security.Cryptography;
using System.Text;
using ConfigCenter.Protocol;
using ConfigCenter.Protocol.Records;

namespace ConfigCenter.Conformance.Tests.Support;

/// <summary>Digest identities as DigestAuthenticationProvider computes them: user:base64(sha1("user:password")).</summary>
public static class DigestAcls
{
    public static string Password(string user) => "pw-" + user;

    /// <summary>The auth packet payload addAuth("digest", ...) sends.</summary>
    public static byte[] Credentials(string user) => Encoding.UTF8.GetBytes($"{user}:{Password(user)}");

    public static Id IdFor(string user)
    {
        var hash = SHA1.HashData(Credentials(user));
        return new Id("digest", $"{user}:{Convert.ToBase64String(hash)}");
    }

    public static Acl All(string user) => new(Perms.All, IdFor(user));
}
