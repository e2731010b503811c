using System.Buffers.Binary;
using System.Text;
using Edge.Core.Protocol;

namespace Edge.Host.Boards;

/// <summary>
/// The weights file an earlier edge wrote ("EDGW"), still read so that such files load (<c>edge weights put</c>, a
/// transfer's kept old model); edge now writes a model image (<see cref="WeightsFile"/>). Little-endian:
/// <code>
///   "EDGW"                magic, 4 bytes
///   u16 version           1
///   u8  L                 weight layers, 1..4
///   u16 × (L+1) sizes     input first, e.g. 64 32 10
///   u32 count             weights and biases: Σ (in + 1) · out
///   i16 × count           Q3.12, in the weight-stream order of shared/Protocol/PROTOCOL.md
///   u16 n, n bytes        ASCII note: where the weights come from (may be empty)
///   u32 CRC-32            of every byte before it (IEEE, as the model image)
/// </code>
/// It keeps no settings: the <see cref="WeightsFile"/> it gives has no <see cref="WeightsFile.Header"/>.
/// </summary>
public static class LegacyWeightsFile
{
    private const int Version = 1;
    private const int MaxLayers = 4;
    private const int MaxWidth = 1024;
    private const int MaxNote = 1024;
    public static ReadOnlySpan<byte> Magic => "EDGW"u8;

    /// <summary>The largest legacy file: the widest, deepest model and the longest note.</summary>
    public const long MaxFileBytes = 4 + 2 + 1 + 2 * (MaxLayers + 1) + 4 + 2L * MaxLayers * (MaxWidth + 1) * MaxWidth + 2 + MaxNote + 4;

    /// <summary>Weights and biases of a model of these sizes (input first); −1 past int's range.</summary>
    private static int ParameterCount(int[] sizes)
    {
        long n = 0;
        for (int l = 0; l + 1 < sizes.Length; l++) n += ((long)sizes[l] + 1) * sizes[l + 1];
        return n > int.MaxValue ? -1 : (int)n;
    }

    /// <summary>Checks every field, the length and the CRC; every defect is an <see cref="InvalidDataException"/> naming the file.</summary>
    public static WeightsFile Parse(byte[] bytes, string name)
    {
        InvalidDataException Bad(string why) => WeightsFile.Invalid(name, why);
        ReadOnlySpan<byte> span = bytes;
        if (bytes.Length < 4 + 2 + 1 || !span.StartsWith(Magic)) throw Bad("it does not start with EDGW");
        int version = BinaryPrimitives.ReadUInt16LittleEndian(span[4..]);
        if (version != Version) throw Bad($"format version {version}, this edge reads EDGW version {Version}");
        int layers = bytes[6];
        if (layers < 1 || layers > MaxLayers) throw Bad($"{layers} layers (1..{MaxLayers})");
        int at = 7;
        if (bytes.Length < at + 2 * (layers + 1) + 4) throw Bad("it is truncated");
        var sizes = new int[layers + 1];
        for (int i = 0; i <= layers; i++) { sizes[i] = BinaryPrimitives.ReadUInt16LittleEndian(span[at..]); at += 2; }
        if (sizes.Any(s => s < 1 || s > MaxWidth)) throw Bad($"layer sizes {string.Join('-', sizes)} (each 1..{MaxWidth})");
        long count = BinaryPrimitives.ReadUInt32LittleEndian(span[at..]); at += 4;
        if (count != ParameterCount(sizes)) throw Bad($"{count} weights for a {string.Join('-', sizes)} model, which has {ParameterCount(sizes)}");
        if (bytes.Length < at + 2 * count + 2 + 4) throw Bad("it is truncated");
        var weights = new short[count];
        for (int i = 0; i < count; i++) { weights[i] = BinaryPrimitives.ReadInt16LittleEndian(span[at..]); at += 2; }
        int noteLength = BinaryPrimitives.ReadUInt16LittleEndian(span[at..]); at += 2;
        if (noteLength > MaxNote) throw Bad($"a {noteLength}-byte note (at most {MaxNote})");
        if (bytes.Length != at + noteLength + 4)
            throw Bad(bytes.Length < at + noteLength + 4 ? "it is truncated" : "it has extra bytes at the end");
        string note = Encoding.ASCII.GetString(bytes, at, noteLength); at += noteLength;
        uint stored = BinaryPrimitives.ReadUInt32LittleEndian(span[at..]);
        if (stored != Crc32.Compute(bytes, 0, at)) throw Bad("CRC mismatch (the file is damaged)");
        return new WeightsFile(sizes, weights, note, Header: null);
    }
}
