using ConfigCenter.Protocol;
using ConfigCenter.Protocol.Records;

namespace ConfigCenter.Tools;

/// <summary>One line per transaction, naming its fields, as ZooKeeper's TxnLogToolkit prints them.</summary>
internal static class TxnDescriber
{
    public static string Header(in TxnHeader header) =>
        $"zxid {DataFormatter.Hex(header.Zxid)} {DataFormatter.Time(header.Time)} session {DataFormatter.Hex(header.ClientId)} cxid {DataFormatter.Hex(header.Cxid)} {TypeName(header.Type)}";

    public static string Body(Txn txn) => txn switch
    {
        CreateTxn create => $"{create.Path} data={DataFormatter.Data(create.Data)} acl={DataFormatter.Acl(create.Acl)} ephemeral={create.Ephemeral} parentCversion={create.ParentCVersion}",
        CreateContainerTxn container => $"{container.Path} data={DataFormatter.Data(container.Data)} acl={DataFormatter.Acl(container.Acl)} parentCversion={container.ParentCVersion}",
        CreateTtlTxn ttl => $"{ttl.Path} data={DataFormatter.Data(ttl.Data)} acl={DataFormatter.Acl(ttl.Acl)} parentCversion={ttl.ParentCVersion} ttl={ttl.Ttl}",
        DeleteTxn delete => delete.Path,
        SetDataTxn setData => $"{setData.Path} data={DataFormatter.Data(setData.Data)} version={setData.Version}",
        SetAclTxn setAcl => $"{setAcl.Path} acl={DataFormatter.Acl(setAcl.Acl)} version={setAcl.Version}",
        CheckVersionTxn check => $"{check.Path} version={check.Version}",
        CreateSessionTxn session => $"timeout={session.Timeout}ms",
        CloseSessionTxn close => close.PathsToDelete.Count == 0 ? "no ephemerals" : $"ephemerals=[{string.Join(", ", close.PathsToDelete)}]",
        ErrorTxn error => $"err={error.Err}",
        MultiTxn multi => $"{multi.Entries.Count} operations",
        _ => txn.GetType().Name,
    };

    /// <summary>The entries of a multi, one indented line each; none for other transactions.</summary>
    public static IEnumerable<string> MultiEntries(Txn txn)
    {
        if (txn is not MultiTxn multi) yield break;
        foreach (var entry in multi.Entries) yield return $"    {TypeName(entry.Type)} {Body(entry.Txn)}";
    }

    private static string TypeName(OpCode type)
    {
        var name = type.ToString();
        return char.ToLowerInvariant(name[0]) + name[1..];
    }
}
