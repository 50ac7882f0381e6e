using ConfigCenter.Protocol;
using ConfigCenter.Protocol.Records;
using ZkAcl = ConfigCenter.Protocol.Records.Acl;

namespace ConfigCenter.Server.AccessControl;

/// <summary>ACL enforcement and the normalisation of ACLs a client asks for, as ZooKeeper does them.</summary>
internal static class AclChecker
{
    public const string SuperScheme = "super";

    /// <summary>True when one of the identities is granted one of the permissions by the ACL.</summary>
    public static bool IsAllowed(IReadOnlyList<ZkAcl> acl, Perms perms, IReadOnlyList<Id> identities)
    {
        if (acl.Count == 0) return true;
        foreach (var identity in identities)
            if (identity.Scheme == SuperScheme) return true;

        foreach (var entry in acl)
        {
            if ((entry.Perms & perms) == 0) continue;
            if (entry.Id == Id.Anyone) return true;
            foreach (var identity in identities)
            {
                if (identity.Scheme != entry.Id.Scheme) continue;
                var matches = entry.Id.Scheme switch
                {
                    DigestAuthentication.Scheme => identity.Value == entry.Id.Value,
                    IpAuthentication.Scheme => IpAuthentication.Matches(identity.Value, entry.Id.Value),
                    _ => false,
                };
                if (matches) return true;
            }
        }
        return false;
    }

    /// <summary>
    /// Removes duplicates, rejects malformed entries and expands (auth, "") into the caller's
    /// authenticated ids; null when the ACL is invalid (InvalidACL).
    /// </summary>
    public static List<ZkAcl>? Fixup(IReadOnlyList<ZkAcl> requested, IReadOnlyList<Id> identities)
    {
        var unique = requested.Distinct().ToList();
        if (unique.Count == 0) return null;
        var result = new List<ZkAcl>(unique.Count);
        foreach (var entry in unique)
        {
            var id = entry.Id;
            if (id.Scheme == "world" && id.Value == "anyone")
            {
                result.Add(entry);
            }
            else if (id.Scheme == "auth")
            {
                // Only schemes that prove who the caller is count; the ip id every connection has does not.
                var expanded = identities.Where(i => i.Scheme == DigestAuthentication.Scheme).ToList();
                if (expanded.Count == 0) return null;
                result.AddRange(expanded.Select(i => new ZkAcl(entry.Perms, i)));
            }
            else
            {
                var valid = id.Scheme switch
                {
                    DigestAuthentication.Scheme => DigestAuthentication.IsValidId(id.Value),
                    IpAuthentication.Scheme => IpAuthentication.IsValidId(id.Value),
                    _ => false,
                };
                if (!valid) return null;
                result.Add(entry);
            }
        }
        return result;
    }
}
