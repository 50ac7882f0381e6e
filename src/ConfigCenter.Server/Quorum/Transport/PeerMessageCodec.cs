using System.Buffers;
using System.Text;
using ConfigCenter.Consensus;
using ConfigCenter.Consensus.Election;
using ConfigCenter.Consensus.Messages;
using ConfigCenter.Consensus.Storage;
using ConfigCenter.Protocol;
using ConfigCenter.Protocol.Jute;
using ConfigCenter.Protocol.Records;
using ConfigCenter.Server.Quorum.Messages;

namespace ConfigCenter.Server.Quorum.Transport;

/// <summary>
/// The wire form of every message between servers: a <see cref="PeerMessageType"/> byte, then the record's
/// fields in the order of its constructor, big-endian. Byte arrays and lists are an int length then
/// their content; a snapshot is a presence flag then its zxid and bytes; enums are one byte (OpCode an int).
/// </summary>
internal static class PeerMessageCodec
{
    private const int LogEntryMinBytes = 8 + 4;
    private const int IdMinBytes = 4 + 4;

    /// <summary>Writes the payload of <paramref name="message"/> (without the frame's length prefix).</summary>
    /// <exception cref="ArgumentException">The object is not a message this codec knows.</exception>
    public static void Encode(object message, IBufferWriter<byte> output)
    {
        var writer = new JuteWriter(output);
        switch (message)
        {
            case Notification m:
                WriteLongs(writer, PeerMessageType.Notification, m.Vote.Leader.Value, m.Vote.Zxid, m.Vote.Epoch, m.Round);
                WriteByte(writer, (byte)m.State);
                break;
            case FollowerInfo m: WriteLongs(writer, PeerMessageType.FollowerInfo, m.Connection, m.AcceptedEpoch, m.LastZxid); break;
            case NewEpoch m:
                WriteLongs(writer, PeerMessageType.NewEpoch, m.Epoch, m.Connection);
                writer.WriteBool(m.LeaderEstablished);
                break;
            case AckEpoch m: WriteLongs(writer, PeerMessageType.AckEpoch, m.Epoch, m.Connection, m.CurrentEpoch, m.LastZxid); break;
            case Sync m: WriteSync(writer, m); break;
            case AckNewLeader m: WriteLongs(writer, PeerMessageType.AckNewLeader, m.Epoch, m.Connection, m.Zxid); break;
            case UpToDate m: WriteLongs(writer, PeerMessageType.UpToDate, m.Epoch, m.Connection, m.CommitZxid); break;
            case Proposal m: WriteChain(writer, PeerMessageType.Proposal, m, m.PrevZxid, m.Entries); break;
            case Ack m: WriteLongs(writer, PeerMessageType.Ack, m.Epoch, m.Connection, m.Zxid); break;
            case Commit m: WriteLongs(writer, PeerMessageType.Commit, m.Epoch, m.Connection, m.Zxid); break;
            case Inform m: WriteChain(writer, PeerMessageType.Inform, m, m.PrevZxid, m.Entries); break;
            case Ping m: WriteLongs(writer, PeerMessageType.Ping, m.Epoch, m.Connection, m.CommitZxid); break;
            case PingAck m: WriteLongs(writer, PeerMessageType.PingAck, m.Epoch, m.Connection, m.LastZxid, m.AckedZxid); break;
            case ForwardedRequest m: WriteForwardedRequest(writer, m); break;
            case SessionTouches m: WriteLongs(writer, PeerMessageType.SessionTouches, m.SessionIds); break;
            case SyncReached m:
                WriteLongs(writer, PeerMessageType.SyncReached, m.SessionId);
                writer.WriteInt(m.Cxid);
                writer.WriteLong(m.Zxid);
                break;
            default:
                throw new ArgumentException($"{message.GetType().Name} is not a message between servers", nameof(message));
        }
    }

    /// <summary>Reads one whole payload back into its message.</summary>
    /// <exception cref="PeerProtocolException">The payload is not exactly one valid message.</exception>
    public static object Decode(ReadOnlySequence<byte> payload)
    {
        var reader = new PeerPayloadReader(payload);
        var type = (PeerMessageType)reader.ReadByte();
        // Arguments are evaluated left to right, so each constructor call reads its fields in wire order.
        object message = type switch
        {
            PeerMessageType.Notification => new Notification(ReadVote(ref reader), reader.ReadLong(), Defined((PeerRole)reader.ReadByte())),
            PeerMessageType.FollowerInfo => new FollowerInfo(reader.ReadLong(), reader.ReadLong(), reader.ReadLong()),
            PeerMessageType.NewEpoch => new NewEpoch(reader.ReadLong(), reader.ReadLong(), reader.ReadBool()),
            PeerMessageType.AckEpoch => new AckEpoch(reader.ReadLong(), reader.ReadLong(), reader.ReadLong(), reader.ReadLong()),
            PeerMessageType.Sync => new Sync(
                reader.ReadLong(), reader.ReadLong(), Defined((SyncMode)reader.ReadByte()), reader.ReadLong(), reader.ReadLong(),
                ReadSnapshot(ref reader), ReadEntries(ref reader), reader.ReadLong(), reader.ReadLong()),
            PeerMessageType.AckNewLeader => new AckNewLeader(reader.ReadLong(), reader.ReadLong(), reader.ReadLong()),
            PeerMessageType.UpToDate => new UpToDate(reader.ReadLong(), reader.ReadLong(), reader.ReadLong()),
            PeerMessageType.Proposal => new Proposal(reader.ReadLong(), reader.ReadLong(), reader.ReadLong(), ReadEntries(ref reader)),
            PeerMessageType.Ack => new Ack(reader.ReadLong(), reader.ReadLong(), reader.ReadLong()),
            PeerMessageType.Commit => new Commit(reader.ReadLong(), reader.ReadLong(), reader.ReadLong()),
            PeerMessageType.Inform => new Inform(reader.ReadLong(), reader.ReadLong(), reader.ReadLong(), ReadEntries(ref reader)),
            PeerMessageType.Ping => new Ping(reader.ReadLong(), reader.ReadLong(), reader.ReadLong()),
            PeerMessageType.PingAck => new PingAck(reader.ReadLong(), reader.ReadLong(), reader.ReadLong(), reader.ReadLong()),
            PeerMessageType.ForwardedRequest => new ForwardedRequest(
                reader.ReadLong(), reader.ReadInt(), Defined((OpCode)reader.ReadInt()), reader.ReadBytes(), ReadIdentities(ref reader)),
            PeerMessageType.SessionTouches => new SessionTouches(ReadSessionIds(ref reader)),
            PeerMessageType.SyncReached => new SyncReached(reader.ReadLong(), reader.ReadInt(), reader.ReadLong()),
            _ => throw new PeerProtocolException($"unknown message type {(byte)type}"),
        };
        reader.EnsureEnd();
        return message;
    }

    private static void WriteByte(JuteWriter writer, byte value)
    {
        writer.Output.GetSpan(1)[0] = value;
        writer.Output.Advance(1);
    }

    /// <summary>The type byte, then fixed 8-byte fields: most messages are nothing more.</summary>
    private static void WriteLongs(JuteWriter writer, PeerMessageType type, params ReadOnlySpan<long> values)
    {
        WriteByte(writer, (byte)type);
        foreach (var value in values) writer.WriteLong(value);
    }

    /// <summary>The type byte, then a counted list of 8-byte values.</summary>
    private static void WriteLongs(JuteWriter writer, PeerMessageType type, IReadOnlyList<long> values)
    {
        WriteByte(writer, (byte)type);
        writer.WriteInt(values.Count);
        foreach (var value in values) writer.WriteLong(value);
    }

    /// <summary>Proposal and Inform: entries chained to the zxid before them.</summary>
    private static void WriteChain(JuteWriter writer, PeerMessageType type, SessionMessage message, long prevZxid, IReadOnlyList<LogEntry> entries)
    {
        WriteLongs(writer, type, message.Epoch, message.Connection, prevZxid);
        WriteEntries(writer, entries);
    }

    private static void WriteSync(JuteWriter writer, Sync m)
    {
        WriteLongs(writer, PeerMessageType.Sync, m.Epoch, m.Connection);
        WriteByte(writer, (byte)m.Mode);
        writer.WriteLong(m.PrevZxid);
        writer.WriteLong(m.TruncateTo);
        WriteSnapshot(writer, m.Snapshot);
        WriteEntries(writer, m.Entries);
        writer.WriteLong(m.NewLeaderZxid);
        writer.WriteLong(m.CommitZxid);
    }

    private static void WriteForwardedRequest(JuteWriter writer, ForwardedRequest m)
    {
        WriteLongs(writer, PeerMessageType.ForwardedRequest, m.SessionId);
        writer.WriteInt(m.Cxid);
        writer.WriteInt((int)m.Type);
        writer.WriteBuffer(m.Body.AsSpan());
        WriteIdentities(writer, m.Identities);
    }

    private static Vote ReadVote(ref PeerPayloadReader reader) => new(new PeerId(reader.ReadLong()), reader.ReadLong(), reader.ReadLong());

    private static void WriteSnapshot(JuteWriter writer, ZabSnapshot? snapshot)
    {
        writer.WriteBool(snapshot is not null);
        if (snapshot is null) return;
        writer.WriteLong(snapshot.Zxid);
        writer.WriteBuffer(snapshot.Data.AsSpan());
    }

    private static ZabSnapshot? ReadSnapshot(ref PeerPayloadReader reader) =>
        reader.ReadBool() ? new ZabSnapshot(reader.ReadLong(), reader.ReadBytes()) : null;

    private static void WriteEntries(JuteWriter writer, IReadOnlyList<LogEntry> entries)
    {
        writer.WriteInt(entries.Count);
        foreach (var entry in entries)
        {
            writer.WriteLong(entry.Zxid);
            writer.WriteBuffer(entry.Data.AsSpan());
        }
    }

    private static LogEntry[] ReadEntries(ref PeerPayloadReader reader)
    {
        var entries = new LogEntry[reader.ReadCount(LogEntryMinBytes)];
        for (var i = 0; i < entries.Length; i++) entries[i] = new LogEntry(reader.ReadLong(), reader.ReadBytes());
        return entries;
    }

    // Identities travel as plain UTF-8, not Jute's Java-compatible strings: both ends are this server.
    private static void WriteIdentities(JuteWriter writer, IReadOnlyList<Id> identities)
    {
        writer.WriteInt(identities.Count);
        foreach (var id in identities)
        {
            writer.WriteBuffer(Encoding.UTF8.GetBytes(id.Scheme).AsSpan());
            writer.WriteBuffer(Encoding.UTF8.GetBytes(id.Value).AsSpan());
        }
    }

    private static Id[] ReadIdentities(ref PeerPayloadReader reader)
    {
        var identities = new Id[reader.ReadCount(IdMinBytes)];
        for (var i = 0; i < identities.Length; i++) identities[i] = new Id(reader.ReadText(), reader.ReadText());
        return identities;
    }

    private static long[] ReadSessionIds(ref PeerPayloadReader reader)
    {
        var sessionIds = new long[reader.ReadCount(sizeof(long))];
        for (var i = 0; i < sessionIds.Length; i++) sessionIds[i] = reader.ReadLong();
        return sessionIds;
    }

    private static TEnum Defined<TEnum>(TEnum value) where TEnum : struct, Enum =>
        Enum.IsDefined(value) ? value : throw new PeerProtocolException($"{Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture)} is not a {typeof(TEnum).Name}");
}
