using System.Buffers.Binary;
using System.Text;
using Edge.Core.Protocol;
using Edge.Core.Storage;
using Edge.Host.Files;

namespace Edge.Host.Boards;

/// <summary>
/// A model's weights on disk (<c>edge weights get/put</c>, <c>edge bench learn --out</c>, a transfer's kept old model):
/// a model image (shared/Storage/ModelImage.cs, what a board keeps in flash), so the file keeps the model's settings,
/// the serial, generation and samples seen in <see cref="Header"/>, and a note saying where the weights came from.
/// <see cref="Parse"/> checks every field, the length and the CRC, and fails with one line saying what is wrong; it reads
/// an earlier edge's weights file ("EDGW", <see cref="LegacyWeightsFile"/>) as well, which has a note but no settings.
/// </summary>
/// <param name="Sizes">Layer sizes, input first.</param>
/// <param name="Weights">Q3.12 scaled by each layer's weight exponent (<see cref="WeightExponents"/>), in the weight-stream order of shared/Protocol/PROTOCOL.md.</param>
/// <param name="Note">Printable ASCII; <see cref="ToBytes"/> writes other characters as '?' and cuts it at the cap.</param>
/// <param name="Header">The image header; null for a legacy file. Writing sets its note length from <paramref name="Note"/> (in a copy).</param>
public sealed record WeightsFile(int[] Sizes, short[] Weights, string Note, ModelImageHeader? Header)
{
    /// <summary>The largest file edge reads as weights: the biggest model image with the longest note, or a legacy file.</summary>
    public static readonly long MaxFileBytes =
        Math.Max(ModelImage.ImageLength(ModelConfig.MaxParameters, ModelImage.MaxNoteLength), LegacyWeightsFile.MaxFileBytes);

    /// <summary>A model's weights, its image header (settings, serial, generation, samples seen) and where they came from.</summary>
    public static WeightsFile Of(ModelImageHeader header, short[] weights, string note) => new(header.Config.CopySizes(), weights, note, header);

    /// <summary>The layers' weight exponents, packed (shared/Storage/WeightExponents.cs); 0 for a legacy file (all Q3.12).</summary>
    public int WeightExponents => Header == null ? 0 : Edge.Core.Storage.WeightExponents.Pack(Header.WeightExponents, Header.Config.LayerCount);

    /// <summary>The model's settings; null for a legacy file, which keeps none.</summary>
    public ModelConfig? Config => Header?.Config;

    /// <summary>The architecture as text, e.g. "64-32-10".</summary>
    public string Architecture => string.Join('-', Sizes);

    /// <summary>The file's bytes: a model image with <see cref="Note"/> after the weights.</summary>
    public byte[] ToBytes()
    {
        ModelImageHeader given = Header ?? throw new InvalidOperationException("a weights file is a model image: it needs the model's settings");
        ModelConfig config = given.Config;
        if (config.Validate(backpropAllowed: true) is { } problem) throw new ArgumentException($"settings the model image cannot hold: {problem}");
        if (!config.CopySizes().SequenceEqual(Sizes)) throw new ArgumentException($"settings for {string.Join('-', config.CopySizes())}, weights for {Architecture}");
        if (Weights.Length != config.ParameterCount) throw new ArgumentException($"{Weights.Length} weights for a {Architecture} model, which has {config.ParameterCount}");
        byte[] note = NoteBytes(Note);
        var header = new ModelImageHeader();
        header.CopyFrom(given);
        header.NoteLength = note.Length;
        var bytes = new byte[header.ImageLength];
        ModelImage.WriteHeader(header, bytes);
        for (int i = 0; i < Weights.Length; i++) BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(ModelImage.HeaderLength + 2 * i), Weights[i]);
        int noteAt = ModelImage.NoteOffset(Weights.Length), crcAt = noteAt + note.Length;
        note.CopyTo(bytes, noteAt);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(crcAt), Crc32.Compute(bytes, 0, crcAt));
        return bytes;
    }

    /// <summary>Writes the file through <see cref="OutputFile"/> (all or nothing; only a regular file is replaced).</summary>
    public void Save(string path) => OutputFile.Write(path, ToBytes());

    /// <summary>Reads and validates a weights file; every defect is an <see cref="InvalidDataException"/> naming the file.</summary>
    public static WeightsFile Load(string path) => Parse(InputFile.ReadAllBytes(path, MaxFileBytes, "weights file"), path);

    public static WeightsFile Parse(byte[] bytes, string name)
    {
        ReadOnlySpan<byte> span = bytes;
        if (span.StartsWith(LegacyWeightsFile.Magic)) return LegacyWeightsFile.Parse(bytes, name);
        if (!span.StartsWith("EDGM"u8)) throw Invalid(name, "it does not start with EDGM (a model image) or EDGW (an earlier edge's weights file)");
        var header = new ModelImageHeader();
        if (!ModelImage.ParseHeader(bytes, bytes.Length, header)) throw Invalid(name, HeaderProblem(bytes));
        int count = (int)header.Config.ParameterCount;   // validated, as the note length: the image length below is bounded
        int length = header.ImageLength;
        if (bytes.Length != length) throw Invalid(name, bytes.Length < length ? "it is truncated" : "it has extra bytes at the end");
        int noteAt = ModelImage.NoteOffset(count), crcAt = noteAt + header.NoteLength;
        if (BinaryPrimitives.ReadUInt32LittleEndian(span[crcAt..]) != Crc32.Compute(bytes, 0, crcAt)) throw Invalid(name, "CRC mismatch (the file is damaged)");
        foreach (byte b in span[noteAt..crcAt])
            if (!IsNoteCharacter(b)) throw Invalid(name, $"its note holds byte 0x{b:X2}, not printable ASCII");
        var weights = new short[count];
        for (int i = 0; i < count; i++) weights[i] = BinaryPrimitives.ReadInt16LittleEndian(span[(ModelImage.HeaderLength + 2 * i)..]);
        return Of(header, weights, Encoding.ASCII.GetString(bytes, noteAt, header.NoteLength));
    }

    /// <summary>The one way a weights file's defect is worded, for both formats.</summary>
    internal static InvalidDataException Invalid(string name, string why) => new($"{name} is not a valid weights file: {why}");

    /// <summary>Why <see cref="ModelImage.ParseHeader"/> refused a header, for the message: it says only that it did.</summary>
    private static string HeaderProblem(byte[] bytes)
    {
        if (bytes.Length < ModelImage.HeaderLength) return "it is truncated";
        int version = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(ModelImage.VersionOffset));
        if (version != ModelImage.FormatVersion && version != ModelImage.ExponentsFormatVersion)
            return $"model image format version {version}, this edge reads versions {ModelImage.FormatVersion} and {ModelImage.ExponentsFormatVersion}";
        int noteLength = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(ModelImage.NoteLengthOffset));
        if (noteLength > ModelImage.MaxNoteLength) return $"its header gives a {noteLength}-byte note (at most {ModelImage.MaxNoteLength})";
        return "its header is invalid (a field out of range)";
    }

    private static bool IsNoteCharacter(int c) => c >= 0x20 && c <= 0x7E;

    /// <summary>The note as stored: printable ASCII, anything else as '?', at most <see cref="ModelImage.MaxNoteLength"/> bytes.</summary>
    private static byte[] NoteBytes(string note)
    {
        var bytes = new byte[Math.Min(note.Length, ModelImage.MaxNoteLength)];
        for (int i = 0; i < bytes.Length; i++) bytes[i] = IsNoteCharacter(note[i]) ? (byte)note[i] : (byte)'?';
        return bytes;
    }
}
