using System.Buffers;

namespace ConfigCenter.Server.Tests.Quorum;

/// <summary>Builds a <see cref="ReadOnlySequence{T}"/> of many small segments, as a receive pipe hands over a large frame.</summary>
internal static class SegmentedSequence
{
    public static ReadOnlySequence<byte> Split(byte[] bytes, int segmentBytes)
    {
        if (bytes.Length <= segmentBytes) return new ReadOnlySequence<byte>(bytes);
        var first = new Segment(bytes.AsMemory(0, segmentBytes), 0);
        var last = first;
        for (var offset = segmentBytes; offset < bytes.Length; offset += segmentBytes)
            last = last.Append(bytes.AsMemory(offset, Math.Min(segmentBytes, bytes.Length - offset)));
        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
