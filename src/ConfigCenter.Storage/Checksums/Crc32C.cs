using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;
using ArmCrc32 = System.Runtime.Intrinsics.Arm.Crc32;

namespace ConfigCenter.Storage.Checksums;

/// <summary>
/// CRC-32C (Castagnoli), the checksum of every log record and snapshot. System.IO.Hashing only
/// offers the IEEE polynomial, so this one is computed here: with the CPU's CRC32 instruction where
/// there is one (SSE 4.2, ARMv8), else with a slicing-by-8 table.
/// </summary>
public static class Crc32C
{
    private const uint ReflectedPolynomial = 0x82F63B78;
    private static readonly uint[] Table = BuildTable();

    /// <summary>The CRC of the bytes.</summary>
    public static uint Compute(ReadOnlySpan<byte> data) => Append(0, data);

    /// <summary>Continues a CRC: <c>Append(Compute(a), b) == Compute(a followed by b)</c>.</summary>
    public static uint Append(uint crc, ReadOnlySpan<byte> data)
    {
        var state = ~crc;
        if (Sse42.X64.IsSupported) state = UpdateSse42X64(state, data);
        else if (Sse42.IsSupported) state = UpdateSse42(state, data);
        else if (ArmCrc32.Arm64.IsSupported) state = UpdateArm64(state, data);
        else state = UpdateTable(state, data);
        return ~state;
    }

    /// <summary>The table-driven path, whatever the CPU; tests hold the hardware paths to it.</summary>
    internal static uint AppendWithTable(uint crc, ReadOnlySpan<byte> data) => ~UpdateTable(~crc, data);

    // Called with 64 KB chunks, too rarely for tiered compilation to reach optimized code soon: a snapshot is checksummed meanwhile.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static uint UpdateSse42X64(uint state, ReadOnlySpan<byte> data)
    {
        ulong wide = state;
        while (data.Length >= 8)
        {
            wide = Sse42.X64.Crc32(wide, BinaryPrimitives.ReadUInt64LittleEndian(data));
            data = data[8..];
        }
        state = (uint)wide;
        foreach (var b in data) state = Sse42.Crc32(state, b);
        return state;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static uint UpdateSse42(uint state, ReadOnlySpan<byte> data)
    {
        while (data.Length >= 4)
        {
            state = Sse42.Crc32(state, BinaryPrimitives.ReadUInt32LittleEndian(data));
            data = data[4..];
        }
        foreach (var b in data) state = Sse42.Crc32(state, b);
        return state;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static uint UpdateArm64(uint state, ReadOnlySpan<byte> data)
    {
        while (data.Length >= 8)
        {
            state = ArmCrc32.Arm64.ComputeCrc32C(state, BinaryPrimitives.ReadUInt64LittleEndian(data));
            data = data[8..];
        }
        foreach (var b in data) state = ArmCrc32.ComputeCrc32C(state, b);
        return state;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static uint UpdateTable(uint state, ReadOnlySpan<byte> data)
    {
        var table = Table;
        while (data.Length >= 8)
        {
            var low = BinaryPrimitives.ReadUInt32LittleEndian(data) ^ state;
            var high = BinaryPrimitives.ReadUInt32LittleEndian(data[4..]);
            state = table[(7 * 256) + (low & 0xFF)] ^ table[(6 * 256) + ((low >> 8) & 0xFF)]
                ^ table[(5 * 256) + ((low >> 16) & 0xFF)] ^ table[(4 * 256) + (low >> 24)]
                ^ table[(3 * 256) + (high & 0xFF)] ^ table[(2 * 256) + ((high >> 8) & 0xFF)]
                ^ table[256 + ((high >> 16) & 0xFF)] ^ table[high >> 24];
            data = data[8..];
        }
        foreach (var b in data) state = table[(state ^ b) & 0xFF] ^ (state >> 8);
        return state;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[8 * 256];
        for (uint i = 0; i < 256; i++)
        {
            var crc = i;
            for (var bit = 0; bit < 8; bit++) crc = (crc & 1) != 0 ? (crc >> 1) ^ ReflectedPolynomial : crc >> 1;
            table[i] = crc;
        }
        // Slice k holds the CRC of a byte followed by k zero bytes, so eight bytes fold in per step.
        for (var slice = 1; slice < 8; slice++)
        {
            for (var i = 0; i < 256; i++)
            {
                var previous = table[((slice - 1) * 256) + i];
                table[(slice * 256) + i] = (previous >> 8) ^ table[previous & 0xFF];
            }
        }
        return table;
    }
}
