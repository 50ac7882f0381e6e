using ConfigCenter.Protocol.Records;

namespace ConfigCenter.Server.DataTree;

/// <summary>Shares one list instance among all nodes with equal ACLs: most trees use a handful.</summary>
internal sealed class AclCache
{
    private readonly Dictionary<string, IReadOnlyList<Acl>> _lists = new(StringComparer.Ordinal);

    // A snapshot's reader hands out one list instance per distinct ACL, so the same instance comes in
    // again and again during a restore; remembering the last one skips building its key each time.
    private IReadOnlyList<Acl>? _lastGiven;
    private IReadOnlyList<Acl>? _lastShared;

    public IReadOnlyList<Acl> Intern(IReadOnlyList<Acl> acl)
    {
        if (ReferenceEquals(acl, _lastGiven)) return _lastShared!;
        _lastShared = InternByContent(acl);
        _lastGiven = acl;
        return _lastShared;
    }

    private IReadOnlyList<Acl> InternByContent(IReadOnlyList<Acl> acl)
    {
        var key = string.Join('\n', acl.Select(a => $"{(int)a.Perms}|{a.Id.Scheme}|{a.Id.Value}"));
        if (_lists.TryGetValue(key, out var shared)) return shared;
        var copy = acl.ToArray();
        _lists[key] = copy;
        return copy;
    }
}
