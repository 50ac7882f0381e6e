using ConfigCenter.Protocol.Records;

namespace ConfigCenter.Server.DataTree;

/// <summary>Shares one list instance among all nodes with equal ACLs: most trees use a handful.</summary>
internal sealed class AclCache
{
    private readonly Dictionary<string, IReadOnlyList<Acl>> _lists = new(StringComparer.Ordinal);

    public IReadOnlyList<Acl> Intern(IReadOnlyList<Acl> acl)
    {
        var key = string.Join('\n', acl.Select(a => $"{(int)a.Perms}|{a.Id.Scheme}|{a.Id.Value}"));
        if (_lists.TryGetValue(key, out var shared)) return shared;
        var copy = acl.ToArray();
        _lists[key] = copy;
        return copy;
    }
}
