using System.Buffers.Binary;
using ConfigCenter.Consensus.Storage;

namespace ConfigCenter.Consensus.Tests.Simulation;

/// <summary>
/// The replicated state machine of the simulation: how many entries were applied, the last zxid and a
/// running hash over every applied entry. Two peers at the same position with the same hash applied the
/// same history; its snapshot is those three numbers.
/// </summary>
internal sealed class SimStateMachine
{
    public long AppliedZxid { get; private set; }
    public long Count { get; private set; }
    public ulong Hash { get; private set; }

    public static SimStateMachine FromSnapshot(ZabSnapshot snapshot)
    {
        var machine = new SimStateMachine();
        if (snapshot.Data.Length == 0) return machine;
        machine.AppliedZxid = BinaryPrimitives.ReadInt64LittleEndian(snapshot.Data);
        machine.Count = BinaryPrimitives.ReadInt64LittleEndian(snapshot.Data.AsSpan(8));
        machine.Hash = BinaryPrimitives.ReadUInt64LittleEndian(snapshot.Data.AsSpan(16));
        if (machine.AppliedZxid != snapshot.Zxid) throw new SimulationFailure($"snapshot labelled {Zxid.Format(snapshot.Zxid)} holds state at {Zxid.Format(machine.AppliedZxid)}");
        return machine;
    }

    public void Apply(LogEntry entry)
    {
        if (entry.Zxid <= AppliedZxid) throw new SimulationFailure($"applied {Zxid.Format(entry.Zxid)} after {Zxid.Format(AppliedZxid)}: out of zxid order");
        AppliedZxid = entry.Zxid;
        Count++;
        Hash = Chain(Hash, entry.Zxid, DataHash(entry.Data));
    }

    public ZabSnapshot ToSnapshot()
    {
        var data = new byte[24];
        BinaryPrimitives.WriteInt64LittleEndian(data, AppliedZxid);
        BinaryPrimitives.WriteInt64LittleEndian(data.AsSpan(8), Count);
        BinaryPrimitives.WriteUInt64LittleEndian(data.AsSpan(16), Hash);
        return new ZabSnapshot(AppliedZxid, data);
    }

    public static ulong Chain(ulong hash, long zxid, ulong dataHash)
    {
        var h = hash ^ (ulong)zxid;
        h = (h ^ dataHash) * 0x100000001B3UL;
        return (h ^ (h >> 29)) * 0xBF58476D1CE4E5B9UL;
    }

    /// <summary>FNV-1a: cheap and plenty to tell payloads apart.</summary>
    public static ulong DataHash(byte[] data)
    {
        var h = 0xCBF29CE484222325UL;
        foreach (var b in data) h = (h ^ b) * 0x100000001B3UL;
        return h;
    }
}
