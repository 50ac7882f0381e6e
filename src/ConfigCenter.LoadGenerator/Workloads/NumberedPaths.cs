using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace ConfigCenter.LoadGenerator.Workloads;

/// <summary>
/// Paths made of a fixed stem and a ten-digit number ("/loadgen/key-0000000042"), formatted as
/// UTF-8 bytes straight into a scratch buffer. Ten digits keep names sortable and equally long.
/// </summary>
internal sealed class NumberedPaths
{
    public const int MaxPathBytes = 1024;
    private const int Digits = 10;
    private static readonly StandardFormat TenDigits = new('D', Digits);

    private readonly byte[] _stem;

    public NumberedPaths(string stem)
    {
        Stem = stem;
        _stem = Encoding.UTF8.GetBytes(stem);
        if (_stem.Length + Digits > MaxPathBytes) throw new ArgumentException($"the path stem \"{stem}\" is too long", nameof(stem));
    }

    public string Stem { get; }

    public ReadOnlySpan<byte> Format(long number, Span<byte> scratch)
    {
        _stem.CopyTo(scratch);
        if (!Utf8Formatter.TryFormat(number, scratch[_stem.Length..], out var written, TenDigits))
            throw new ArgumentOutOfRangeException(nameof(number), number, "does not fit the path buffer");
        return scratch[..(_stem.Length + written)];
    }

    public string PathOf(long number) => Stem + number.ToString("D10", CultureInfo.InvariantCulture);
}
