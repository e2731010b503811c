using System.Buffers.Binary;
using System.Text;
using Edge.Core.Model;
using Edge.Core.Protocol;
using Edge.Core.Storage;
using Edge.Host.Boards;
using Edge.Host.Reference;
using Edge.Tests.Data;
using Edge.Tests.Firmware;
using Xunit;

namespace Edge.Tests.Commands;

/// <summary>The weights file: a model image with a note; an earlier edge's EDGW file still loads.</summary>
public class WeightsFileTests
{
    private static readonly int[] Sizes = [5, 3, 2];
    private const int Count = 6 * 3 + 4 * 2;   // weights and biases of 5-3-2

    private static ModelImageHeader Header()
    {
        var header = new ModelImageHeader { Serial = 0xA1B2C3D4, Generation = 7, SamplesSeen = 1L << 35 };
        ModelConfig c = header.Config;
        c.SetSizes(Sizes);
        c.Algorithm = LearningAlgorithm.ActivityPerturbationLocal;
        c.Activation = ActivationKind.BoardPhysical;
        c.InitSeed = 9;
        c.Learner.Seed = ulong.MaxValue - 3;
        c.Learner.Directions = 4;
        c.Learner.Groups = 3;
        c.Learner.SigmaQ16 = 1234;
        c.Learner.StepControl = true;
        return header;
    }

    private static short[] SampleWeights()
    {
        var weights = new short[Count];
        for (int i = 0; i < weights.Length; i++) weights[i] = (short)(i * 997 - 12000);
        weights[0] = short.MinValue;
        weights[1] = short.MaxValue;
        return weights;
    }

    private static WeightsFile Sample(string note = "test note") => WeightsFile.Of(Header(), SampleWeights(), note);

    [Theory]
    [InlineData("")]
    [InlineData("test note")]
    public void RoundTripsThroughAFile_WithOrWithoutANote(string note)
    {
        using var dir = new TempDirectory();
        Sample(note).Save(dir.File("w.edgw"));
        byte[] bytes = File.ReadAllBytes(dir.File("w.edgw"));
        Assert.Equal("EDGM"u8.ToArray(), bytes[..4]);
        Assert.Equal(ModelImage.HeaderLength + 2 * Count + note.Length + 4, bytes.Length);
        Assert.Equal(note.Length, BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(ModelImage.NoteLengthOffset)));
        Assert.Equal(note, Encoding.ASCII.GetString(bytes, ModelImage.NoteOffset(Count), note.Length));   // after the weights, before the CRC

        WeightsFile back = WeightsFile.Load(dir.File("w.edgw"));
        Assert.Equal(Sizes, back.Sizes);
        Assert.Equal(SampleWeights(), back.Weights);
        Assert.Equal(note, back.Note);
        Assert.Equal("5-3-2", back.Architecture);
        ModelImageHeader h = back.Header!;
        Assert.Equal((0xA1B2C3D4u, 7u, 1L << 35, note.Length), (h.Serial, h.Generation, h.SamplesSeen, h.NoteLength));
        ModelConfig c = back.Config!;
        Assert.Equal((LearningAlgorithm.ActivityPerturbationLocal, ActivationKind.BoardPhysical, 9UL, ulong.MaxValue - 3),
                     (c.Algorithm, c.Activation, c.InitSeed, c.Learner.Seed));
        Assert.Equal((4, 3, 1234, true), (c.Learner.Directions, c.Learner.Groups, c.Learner.SigmaQ16, c.Learner.StepControl));
    }

    /// <summary>
    /// A note-less image as edge wrote it before notes existed (format version 1, taken from that edge's output): 3-2-2,
    /// wp, board activation, central differences and step control, K 4, σ 1234, batch 8, learner seed 77, init seed 9,
    /// weights 2345·i − 9000.
    /// </summary>
    private const string VersionOneImage =
        "4544474D01005400020301220C0F0B100300020002000000000000008F0200009A190000D204000004000100080000004D00000000000000" +
        "0900000000000000000000000000000000000000000000000E000000D8DC01E62AEF53F87C01A50ACE13F71C2026492F72389B41C44AED53C5B4A6BA";

    [Fact]
    public void AVersionOneImageParses_AndANoteLessImageIsStillWrittenByteForByteAsOne()
    {
        var header = new ModelImageHeader();
        ModelConfig c = header.Config;
        c.SetSizes([3, 2, 2]);
        c.Algorithm = LearningAlgorithm.WeightPerturbation;
        c.Activation = ActivationKind.BoardPhysical;
        c.InitSeed = 9;
        c.Learner.Directions = 4;
        c.Learner.SigmaQ16 = 1234;
        c.Learner.Seed = 77;
        c.Learner.BatchSize = 8;
        c.Learner.CentralDifferences = true;
        c.Learner.StepControl = true;
        short[] weights = Enumerable.Range(0, 14).Select(i => (short)(2345 * i - 9000)).ToArray();
        byte[] old = Convert.FromHexString(VersionOneImage);

        Assert.Equal(old, WeightsFile.Of(header, weights, "").ToBytes());
        WeightsFile parsed = WeightsFile.Parse(old, "v1.img");
        Assert.Equal(weights, parsed.Weights);
        Assert.Equal("", parsed.Note);
        Assert.Equal((LearningAlgorithm.WeightPerturbation, 4, 1234, 8, 77UL, 9UL),
                     (parsed.Config!.Algorithm, parsed.Config.Learner.Directions, parsed.Config.Learner.SigmaQ16, parsed.Config.Learner.BatchSize, parsed.Config.Learner.Seed, parsed.Config.InitSeed));
        Assert.True(parsed.Config.Learner.CentralDifferences && parsed.Config.Learner.StepControl);
    }

    [Fact]
    public void WeightExponentsRoundTripThroughAFile()
    {
        ModelImageHeader header = Header();
        header.WeightExponents[1] = 2;
        using var dir = new TempDirectory();
        string path = dir.File("w.edgm");
        WeightsFile.Of(header, SampleWeights(), "note").Save(path);
        WeightsFile back = WeightsFile.Load(path);
        Assert.Equal(new[] { 0, 2, 0, 0 }, back.Header!.WeightExponents);
        Assert.Equal(0x20, back.WeightExponents);
        Assert.Equal(0, Sample().WeightExponents);
    }

    [Fact]
    public void ANoteIsWrittenAsPrintableAscii_CutAtTheCap()
    {
        Assert.Equal("caf? ?tab?", WeightsFile.Parse(Sample("café \u001btab\n").ToBytes(), "w").Note);
        string longNote = new('n', 3000);
        WeightsFile back = WeightsFile.Parse(Sample(longNote).ToBytes(), "w");
        Assert.Equal(longNote[..ModelImage.MaxNoteLength], back.Note);
    }

    /// <summary>An image of <see cref="Sample"/> whose header claims a note of <paramref name="noteLength"/> bytes, CRC made to fit.</summary>
    private static byte[] WithClaimedNote(int noteLength)
    {
        byte[] bytes = Sample("").ToBytes();
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(ModelImage.NoteLengthOffset), (ushort)noteLength);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(bytes.Length - 4), Crc32.Compute(bytes, 0, bytes.Length - 4));
        return bytes;
    }

    [Fact]
    public void ANoteLongerThanTheCapIsRefusedBeforeItsLengthIsBelieved()
    {
        var header = new ModelImageHeader();
        Assert.True(ModelImage.ParseHeader(WithClaimedNote(ModelImage.MaxNoteLength), ModelImage.HeaderLength, header));
        Assert.Equal(ModelImage.MaxNoteLength, header.NoteLength);
        Assert.False(ModelImage.ParseHeader(WithClaimedNote(ModelImage.MaxNoteLength + 1), ModelImage.HeaderLength, header));

        byte[] claimsTooMuch = WithClaimedNote(0xFFFF);
        var e = Assert.Throws<InvalidDataException>(() => WeightsFile.Parse(claimsTooMuch, "n.img"));
        Assert.Equal("n.img is not a valid weights file: its header gives a 65535-byte note (at most 1024)", e.Message);
        // nothing the size of the claimed note (64 KB of bytes, 128 KB as a string) is allocated on the way to the refusal
        long allocated = Allocations.Of(() => Assert.Throws<InvalidDataException>(() => WeightsFile.Parse(claimsTooMuch, "n.img")));
        Assert.True(allocated < 16 * 1024, $"{allocated} bytes allocated");

        // a length within the cap that the file does not have is a truncated file, not a note read past the end
        Assert.Contains("truncated", Assert.Throws<InvalidDataException>(() => WeightsFile.Parse(WithClaimedNote(40), "n.img")).Message);
    }

    [Fact]
    public void ANoteOfControlBytesIsRefused_EvenUnderAGoodCrc()
    {
        byte[] bytes = Sample("ok").ToBytes();
        bytes[ModelImage.NoteOffset(Count)] = 0x1B;
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(bytes.Length - 4), Crc32.Compute(bytes, 0, bytes.Length - 4));
        Assert.Contains("its note holds byte 0x1B, not printable ASCII", Assert.Throws<InvalidDataException>(() => WeightsFile.Parse(bytes, "w")).Message);
    }

    [Theory]
    [InlineData(0, "does not start with EDGM (a model image) or EDGW")]
    [InlineData(4, "model image format version 91, this edge reads versions 1 and 2")]
    [InlineData(8, "its header is invalid")]
    [InlineData(ModelImage.HeaderLength + 3, "CRC mismatch")]       // a weight
    [InlineData(ModelImage.HeaderLength + 2 * Count + 4, "CRC mismatch")]   // the note
    [InlineData(ModelImage.HeaderLength + 2 * Count + 9, "CRC mismatch")]   // the CRC itself
    public void EveryDamageIsNamed(int offset, string expected)
    {
        byte[] bytes = Sample().ToBytes();
        bytes[offset] ^= 0x5A;
        var e = Assert.Throws<InvalidDataException>(() => WeightsFile.Parse(bytes, "w.edgw"));
        Assert.StartsWith("w.edgw is not a valid weights file: ", e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void TruncatedAndPaddedFilesAreRejected()
    {
        byte[] bytes = Sample().ToBytes();
        for (int length = 0; length < bytes.Length; length++)
            Assert.Throws<InvalidDataException>(() => WeightsFile.Parse(bytes[..length], "w"));
        Assert.Contains("truncated", Assert.Throws<InvalidDataException>(() => WeightsFile.Parse(bytes[..^1], "w")).Message);
        Assert.Contains("extra bytes", Assert.Throws<InvalidDataException>(() => WeightsFile.Parse([.. bytes, 0], "w")).Message);
    }

    [Fact]
    public void AFileNeedsTheModelsSettings_ThatFitItsWeights()
    {
        Assert.Throws<InvalidOperationException>(() => new WeightsFile(Sizes, SampleWeights(), "", Header: null).ToBytes());
        Assert.Throws<ArgumentException>(() => WeightsFile.Of(Header(), SampleWeights()[1..], "").ToBytes());
        ModelImageHeader unknown = Header();
        unknown.Config.Algorithm = 0;
        Assert.Throws<ArgumentException>(() => WeightsFile.Of(unknown, SampleWeights(), "").ToBytes());
    }

    [Fact]
    public void FloatBackpropsWeightsAreAFile_ThatNoBoardsStoreTakesAsItsModel()
    {
        ModelImageHeader bp = Header();
        bp.Config.Algorithm = LearningAlgorithm.Backprop;
        byte[] bytes = WeightsFile.Of(bp, SampleWeights(), "bench learn --algo bp").ToBytes();
        Assert.Equal(LearningAlgorithm.Backprop, WeightsFile.Parse(bytes, "bp.edgw").Config!.Algorithm);

        var storage = new MemoryStorage();
        Sample().ToBytes().CopyTo(storage.Slot(0), 0);   // the same file for ap-local: a model the board trains
        Assert.Equal(0, new ModelStore(storage).FindNewest(new ModelImageHeader()));
        bytes.CopyTo(storage.Slot(0), 0);
        Assert.Equal(-1, new ModelStore(storage).FindNewest(new ModelImageHeader()));
    }

    [Fact]
    public void AWeightsFileIsAnImageABoardsStoreReads_ItsNextSaveWritesNoNote()
    {
        ModelImageHeader header = Header();
        header.Config.Algorithm = LearningAlgorithm.ActivityPerturbation;
        var storage = new MemoryStorage();
        WeightsFile.Of(header, SampleWeights(), "a note the board passes over").ToBytes().CopyTo(storage.Slot(0), 0);
        var store = new ModelStore(storage);
        var found = new ModelImageHeader();
        Assert.Equal(0, store.FindNewest(found));
        Assert.Equal(28, found.NoteLength);
        var network = new Network(found.Config.CopySizes());
        Assert.True(store.ReadWeights(0, found, network));
        var read = new short[Count];
        WeightStream.Read(network, 0, read, 0, Count);
        Assert.Equal(SampleWeights(), read);

        Assert.Equal(1, store.Save(found, network));
        Assert.Equal(0, found.NoteLength);
        Assert.Equal(1, store.FindNewest(found));
        Assert.Equal((8u, 0), (found.Generation, found.NoteLength));
        byte[] saved = storage.Slot(1)[..found.ImageLength];
        Assert.Equal(SampleWeights(), WeightsFile.Parse(saved, "slot").Weights);
    }

    /// <summary>An earlier edge's weights file (EDGW), written here from its documented layout.</summary>
    internal static byte[] LegacyFile(int[] sizes, short[] weights, string note)
    {
        var bytes = new List<byte>();
        void U16(int v) { bytes.Add((byte)v); bytes.Add((byte)(v >> 8)); }
        void U32(uint v) { U16((int)(v & 0xFFFF)); U16((int)(v >> 16)); }
        bytes.AddRange("EDGW"u8.ToArray());
        U16(1);
        bytes.Add((byte)(sizes.Length - 1));
        foreach (int size in sizes) U16(size);
        U32((uint)weights.Length);
        foreach (short w in weights) U16(w);
        U16(note.Length);
        bytes.AddRange(Encoding.ASCII.GetBytes(note));
        byte[] body = bytes.ToArray();
        U32(Crc32.Compute(body, 0, body.Length));
        return bytes.ToArray();
    }

    [Fact]
    public void AnEarlierEdgesWeightsFileLoads_WithItsNoteAndNoSettings()
    {
        using var dir = new TempDirectory();
        File.WriteAllBytes(dir.File("old.edgw"), LegacyFile(Sizes, SampleWeights(), "bench learn --algo ap"));
        WeightsFile old = WeightsFile.Load(dir.File("old.edgw"));
        Assert.Equal(Sizes, old.Sizes);
        Assert.Equal(SampleWeights(), old.Weights);
        Assert.Equal("bench learn --algo ap", old.Note);
        Assert.Null(old.Header);
        Assert.Null(old.Config);
    }

    [Theory]
    [InlineData(4, "format version")]
    [InlineData(6, "layers")]
    [InlineData(15, "weights for a 5-3-2 model")]
    [InlineData(40, "CRC mismatch")]
    [InlineData(4 + 2 + 1 + 6 + 4 + 2 * Count + 1, "a 23049-byte note (at most 1024)")]
    public void EveryDamageToAnEarlierEdgesFileIsNamed(int offset, string expected)
    {
        byte[] bytes = LegacyFile(Sizes, SampleWeights(), "test note");
        bytes[offset] ^= 0x5A;
        var e = Assert.Throws<InvalidDataException>(() => WeightsFile.Parse(bytes, "w.edgw"));
        Assert.StartsWith("w.edgw is not a valid weights file: ", e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void TruncatedAndPaddedEarlierFilesAreRejected()
    {
        byte[] bytes = LegacyFile(Sizes, SampleWeights(), "test note");
        for (int length = 0; length < bytes.Length; length++)
            Assert.Throws<InvalidDataException>(() => WeightsFile.Parse(bytes[..length], "w"));
        Assert.Contains("extra bytes", Assert.Throws<InvalidDataException>(() => WeightsFile.Parse([.. bytes, 0], "w")).Message);
    }

    [Fact]
    public void FloatWeightsBecomeSaturatedRoundedQ3_12()
    {
        Assert.Equal(4096, FloatWeights.ToFixed(1f, 0));
        Assert.Equal(-2, FloatWeights.ToFixed(-1.5f / 4096, 0));   // half away from zero
        Assert.Equal(short.MaxValue, FloatWeights.ToFixed(8f, 0)); // Q3.12 tops out just below 8
        Assert.Equal(short.MinValue, FloatWeights.ToFixed(-100f, 0));
        Assert.Equal(0, FloatWeights.ToFixed(float.NaN, 0));
        var mlp = new FloatMlp([3, 2, 2], 1);
        Assert.Equal([0, 0], FloatWeights.Exponents(mlp));   // He-initialised weights fit ±8
        short[] stream = FloatWeights.ToStream(mlp, [0, 0]);
        Assert.Equal(mlp.ParameterCount, stream.Length);
        Assert.Equal(FloatWeights.ToFixed(mlp.Weights[0][5], 0), stream[5]);   // [out 1, in 2], row-major
        Assert.Equal(FloatWeights.ToFixed(mlp.Weights[1][0], 0), stream[6 + 2]); // after layer 0's 6 weights and 2 biases
        // a layer beyond ±8 takes the exponent that fits its largest value, and keeps 12 − e fractional bits
        mlp.Weights[1][0] = 20f;
        Assert.Equal([0, 2], FloatWeights.Exponents(mlp));
        Assert.Equal(20 * 1024, FloatWeights.ToStream(mlp, [0, 2])[6 + 2]);
        Assert.Equal(short.MaxValue, FloatWeights.ToFixed(1000f, Edge.Core.Numerics.Q.MaxWeightExponent));   // beyond the largest exponent: saturated
    }
}
