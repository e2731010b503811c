using System.Buffers.Binary;
using System.Text;
using Edge.Core.Protocol;
using Edge.Core.Storage;
using Edge.Host.Files;

namespace Edge.Host.Boards;

/// <summary>
/// A model's weights on disk (<c>edge weights get/put</c>, <c>edge bench learn --out</c>). Little-endian:
/// <code>
///   "EDGW"                magic, 4 bytes
///   u16 version           1
///   u8  L                 weight layers, 1..4
///   u16 × (L+1) sizes     input first, e.g. 64 32 10
///   u32 count             weights and biases: Σ (in + 1) · out
///   i16 × count           Q3.12, in the weight-stream order of shared/Protocol/PROTOCOL.md:
///                         layer 0 weights row-major [out, in], layer 0 biases, layer 1 weights, ...
///   u16 n, n bytes        ASCII note: where the weights come from (may be empty)
///   u32 CRC-32            of every byte before it (IEEE, as the model image)
/// </code>
/// <see cref="Parse"/> checks every field, the length and the CRC, and fails with one line saying what is wrong.
/// It reads a model image ("EDGM", shared/Storage/ModelImage.cs, what a board keeps in flash) as well: its weights,
/// with its settings in <see cref="Config"/>.
/// </summary>
public sealed record WeightsFile(int[] Sizes, short[] Weights, string Note = "", ModelConfig? Config = null)
{
    public const int Version = 1;
    public const int MaxLayers = 4;
    public const int MaxWidth = 1024;
    public const int MaxNote = 1024;
    private static readonly byte[] Magic = "EDGW"u8.ToArray();

    /// <summary>The architecture as text, e.g. "64-32-10".</summary>
    public string Architecture => string.Join('-', Sizes);

    public static int ParameterCount(int[] sizes)
    {
        long n = 0;
        for (int l = 0; l + 1 < sizes.Length; l++) n += ((long)sizes[l] + 1) * sizes[l + 1];
        return n > int.MaxValue ? -1 : (int)n;
    }

    public byte[] ToBytes()
    {
        Validate(Sizes, Weights.Length);
        byte[] note = Encoding.ASCII.GetBytes(Note.Length > MaxNote ? Note[..MaxNote] : Note);
        int length = 4 + 2 + 1 + 2 * Sizes.Length + 4 + 2 * Weights.Length + 2 + note.Length + 4;
        var bytes = new byte[length];
        var span = bytes.AsSpan();
        Magic.CopyTo(span);
        int at = 4;
        BinaryPrimitives.WriteUInt16LittleEndian(span[at..], Version); at += 2;
        bytes[at++] = (byte)(Sizes.Length - 1);
        foreach (int size in Sizes) { BinaryPrimitives.WriteUInt16LittleEndian(span[at..], (ushort)size); at += 2; }
        BinaryPrimitives.WriteUInt32LittleEndian(span[at..], (uint)Weights.Length); at += 4;
        foreach (short w in Weights) { BinaryPrimitives.WriteInt16LittleEndian(span[at..], w); at += 2; }
        BinaryPrimitives.WriteUInt16LittleEndian(span[at..], (ushort)note.Length); at += 2;
        note.CopyTo(span[at..]); at += note.Length;
        BinaryPrimitives.WriteUInt32LittleEndian(span[at..], Crc32.Compute(bytes, 0, at));
        return bytes;
    }

    /// <summary>The largest weights file: the widest, deepest model and the longest note.</summary>
    public const long MaxFileBytes = 4 + 2 + 1 + 2 * (MaxLayers + 1) + 4 + 2L * MaxLayers * (MaxWidth + 1) * MaxWidth + 2 + MaxNote + 4;

    /// <summary>
    /// These weights and <see cref="Config"/> as a model image (EDGM, the board's own format, generation 0): a file that
    /// keeps a model's settings with its weights.
    /// </summary>
    public byte[] ToModelImageBytes()
    {
        ModelConfig config = Config ?? throw new InvalidOperationException("a model image needs the model's settings");
        Validate(Sizes, Weights.Length);
        if (!config.CopySizes().SequenceEqual(Sizes)) throw new ArgumentException($"settings for {string.Join('-', config.CopySizes())}, weights for {Architecture}");
        var header = new ModelImageHeader();
        header.Config.CopyFrom(config);
        var bytes = new byte[ModelImage.ImageLength(Weights.Length, 0)];
        ModelImage.WriteHeader(header, bytes);
        for (int i = 0; i < Weights.Length; i++) BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(ModelImage.HeaderLength + 2 * i), Weights[i]);
        int crcAt = bytes.Length - ModelImage.CrcLength;
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(crcAt), Crc32.Compute(bytes, 0, crcAt));
        return bytes;
    }

    /// <summary>Writes <see cref="ToModelImageBytes"/> through <see cref="OutputFile"/>.</summary>
    public void SaveModelImage(string path) => OutputFile.Write(path, ToModelImageBytes());

    /// <summary>Writes the file through <see cref="OutputFile"/> (all or nothing; only a regular file is replaced).</summary>
    public void Save(string path) => OutputFile.Write(path, ToBytes());

    /// <summary>Reads and validates a weights file; every defect is an <see cref="InvalidDataException"/> naming the file.</summary>
    public static WeightsFile Load(string path)
    {
        return Parse(InputFile.ReadAllBytes(path, MaxFileBytes, "weights file"), path);
    }

    public static WeightsFile Parse(byte[] bytes, string name)
    {
        InvalidDataException Bad(string why) => new($"{name} is not a valid weights file: {why}");
        ReadOnlySpan<byte> span = bytes;
        if (bytes.Length >= 4 && span[..4].SequenceEqual("EDGM"u8)) return ParseImage(bytes, name);
        if (bytes.Length < 4 + 2 + 1 || !span[..4].SequenceEqual(Magic)) throw Bad("it does not start with EDGW (a weights file) or EDGM (a model image)");
        int version = BinaryPrimitives.ReadUInt16LittleEndian(span[4..]);
        if (version != Version) throw Bad($"format version {version}, this edge reads version {Version}");
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
        if (noteLength > MaxNote || bytes.Length != at + noteLength + 4)
            throw Bad(bytes.Length < at + noteLength + 4 ? "it is truncated" : "it has extra bytes at the end");
        string note = Encoding.ASCII.GetString(bytes, at, noteLength); at += noteLength;
        uint stored = BinaryPrimitives.ReadUInt32LittleEndian(span[at..]);
        if (stored != Crc32.Compute(bytes, 0, at)) throw Bad("CRC mismatch (the file is damaged)");
        return new WeightsFile(sizes, weights, note);
    }

    /// <summary>A model image (EDGM) as a weights file: its weights, and its settings as <see cref="Config"/>.</summary>
    private static WeightsFile ParseImage(byte[] bytes, string name)
    {
        InvalidDataException Bad(string why) => new($"{name} is not a valid model image: {why}");
        var header = new ModelImageHeader();
        if (!ModelImage.ParseHeader(bytes, bytes.Length, header))
            throw Bad(bytes.Length < ModelImage.HeaderLength ? "it is truncated" : "its header is invalid or of another format version");
        int count = (int)header.Config.ParameterCount;
        int length = header.ImageLength;
        if (bytes.Length != length) throw Bad(bytes.Length < length ? "it is truncated" : "it has extra bytes at the end");
        int crcAt = length - ModelImage.CrcLength;
        if (BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(crcAt)) != Crc32.Compute(bytes, 0, crcAt)) throw Bad("CRC mismatch (the file is damaged)");
        var weights = new short[count];
        for (int i = 0; i < count; i++) weights[i] = BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(ModelImage.HeaderLength + 2 * i));
        string note = $"model image, {LearningAlgorithm.Name(header.Config.Algorithm)}, generation {header.Generation}, {header.SamplesSeen} samples seen";
        return new WeightsFile(header.Config.CopySizes(), weights, note, header.Config);
    }

    private static void Validate(int[] sizes, int count)
    {
        if (sizes.Length < 2 || sizes.Length > MaxLayers + 1 || sizes.Any(s => s < 1 || s > MaxWidth))
            throw new ArgumentException($"bad architecture {string.Join('-', sizes)}");
        if (count != ParameterCount(sizes))
            throw new ArgumentException($"{count} weights for a {string.Join('-', sizes)} model, which has {ParameterCount(sizes)}");
    }
}
