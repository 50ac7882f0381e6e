using System.Security.Cryptography;
using System.Text;

namespace ConfigCenter.Server.AccessControl;

/// <summary>The digest scheme: "user:password" authenticates as the id "user:base64(sha1(user:password))".</summary>
internal static class DigestAuthentication
{
    public const string Scheme = "digest";

    public static string Digest(string userAndPassword)
    {
        var colon = userAndPassword.IndexOf(':');
        var user = colon < 0 ? userAndPassword : userAndPassword[..colon];
        var hash = SHA1.HashData(Encoding.UTF8.GetBytes(userAndPassword));
        return user + ":" + Convert.ToBase64String(hash);
    }

    /// <summary>A digest ACL id must be "user:hash".</summary>
    public static bool IsValidId(string id)
    {
        // ZooKeeper checks id.split(":").length == 2, and Java's split drops trailing empty parts:
        // "bob:" is one part there (invalid) and "bob:hash:" two (valid). Count the same way.
        var parts = id.Split(':');
        var count = parts.Length;
        while (count > 0 && parts[count - 1].Length == 0) count--;
        return count == 2;
    }
}
