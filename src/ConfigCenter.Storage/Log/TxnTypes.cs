using ConfigCenter.Protocol;
using ConfigCenter.Protocol.Records;

namespace ConfigCenter.Storage.Log;

/// <summary>
/// Which body goes with which header type. The log decodes a body by its header's type, so a
/// mismatched pair would be written fine and be unreadable at recovery; it is refused at append.
/// </summary>
internal static class TxnTypes
{
    public static bool Match(OpCode type, Txn txn) => type switch
    {
        OpCode.Create or OpCode.Create2 => txn is CreateTxn,
        OpCode.CreateContainer => txn is CreateContainerTxn,
        OpCode.CreateTtl => txn is CreateTtlTxn,
        OpCode.Delete or OpCode.DeleteContainer => txn is DeleteTxn,
        OpCode.SetData => txn is SetDataTxn,
        OpCode.SetAcl => txn is SetAclTxn,
        OpCode.Check => txn is CheckVersionTxn,
        OpCode.CreateSession => txn is CreateSessionTxn,
        OpCode.CloseSession => txn is CloseSessionTxn,
        OpCode.Error => txn is ErrorTxn,
        OpCode.Multi => txn is MultiTxn multi && EntriesMatch(multi),
        _ => false,
    };

    // A loop rather than LINQ: this runs on every append and should not allocate. A nested multi is
    // refused because the reader refuses it.
    private static bool EntriesMatch(MultiTxn multi)
    {
        var entries = multi.Entries;
        for (var i = 0; i < entries.Count; i++)
            if (entries[i].Type == OpCode.Multi || !Match(entries[i].Type, entries[i].Txn)) return false;
        return true;
    }
}
