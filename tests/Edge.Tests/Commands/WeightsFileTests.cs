using Edge.Host.Boards;
using Edge.Host.Reference;
using Edge.Tests.Data;
using Xunit;

namespace Edge.Tests.Commands;

public class WeightsFileTests
{
    private static WeightsFile Sample()
    {
        int[] sizes = [5, 3, 2];
        var weights = new short[WeightsFile.ParameterCount(sizes)];
        for (int i = 0; i < weights.Length; i++) weights[i] = (short)(i * 997 - 12000);
        weights[0] = short.MinValue;
        weights[1] = short.MaxValue;
        return new WeightsFile(sizes, weights, "test note");
    }

    [Fact]
    public void RoundTripsThroughAFileWithAFixedLayout()
    {
        using var dir = new TempDirectory();
        WeightsFile file = Sample();
        file.Save(dir.File("w.edgw"));
        byte[] bytes = File.ReadAllBytes(dir.File("w.edgw"));
        // magic, version, L, 3 sizes, count, 26 weights, note length + 9 bytes, CRC
        Assert.Equal(4 + 2 + 1 + 6 + 4 + 2 * 26 + 2 + 9 + 4, bytes.Length);
        Assert.Equal("EDGW"u8.ToArray(), bytes[..4]);
        Assert.Equal(new byte[] { 1, 0, 2, 5, 0, 3, 0, 2, 0, 26, 0, 0, 0, 0, 0x80 }, bytes[4..19]);
        WeightsFile back = WeightsFile.Load(dir.File("w.edgw"));
        Assert.Equal(file.Sizes, back.Sizes);
        Assert.Equal(file.Weights, back.Weights);
        Assert.Equal("test note", back.Note);
        Assert.Equal("5-3-2", back.Architecture);
    }

    [Theory]
    [InlineData(0, "does not start with EDGW")]
    [InlineData(4, "format version")]
    [InlineData(6, "layers")]
    [InlineData(15, "weights for a 5-3-2 model")]
    [InlineData(40, "CRC mismatch")]
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
        for (int length = 0; length < bytes.Length; length += 7)
            Assert.Throws<InvalidDataException>(() => WeightsFile.Parse(bytes[..length], "w"));
        Assert.Contains("extra bytes", Assert.Throws<InvalidDataException>(() => WeightsFile.Parse([.. bytes, 0], "w")).Message);
    }

    [Fact]
    public void FloatWeightsBecomeSaturatedRoundedQ3_12()
    {
        Assert.Equal(4096, FloatWeights.ToQ3_12(1f));
        Assert.Equal(-2, FloatWeights.ToQ3_12(-1.5f / 4096));   // half away from zero
        Assert.Equal(short.MaxValue, FloatWeights.ToQ3_12(8f)); // Q3.12 tops out just below 8
        Assert.Equal(short.MinValue, FloatWeights.ToQ3_12(-100f));
        Assert.Equal(0, FloatWeights.ToQ3_12(float.NaN));
        var mlp = new FloatMlp([3, 2, 2], 1);
        short[] stream = FloatWeights.ToQ3_12(mlp);
        Assert.Equal(mlp.ParameterCount, stream.Length);
        Assert.Equal(FloatWeights.ToQ3_12(mlp.Weights[0][5]), stream[5]);   // [out 1, in 2], row-major
        Assert.Equal(FloatWeights.ToQ3_12(mlp.Weights[1][0]), stream[6 + 2]); // after layer 0's 6 weights and 2 biases
    }

    /// <summary>A model image as a board keeps it in flash, for the sizes 5-3-2, with weights -20, -17, ...</summary>
    private static byte[] ModelImageBytes()
    {
        var header = new Edge.Core.Storage.ModelImageHeader { Generation = 7, SamplesSeen = 42 };
        header.Config.SetSizes([5, 3, 2]);
        header.Config.Algorithm = Edge.Core.Storage.LearningAlgorithm.ActivityPerturbationLocal;
        header.Config.Learner.Groups = 3;
        int count = (int)header.Config.ParameterCount;
        var bytes = new byte[Edge.Core.Storage.ModelImage.ImageLength(count, 0)];
        Edge.Core.Storage.ModelImage.WriteHeader(header, bytes);
        for (int i = 0; i < count; i++)
            System.Buffers.Binary.BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(Edge.Core.Storage.ModelImage.HeaderLength + 2 * i), (short)(3 * i - 20));
        int crcAt = bytes.Length - 4;
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(crcAt), Edge.Core.Protocol.Crc32.Compute(bytes, 0, crcAt));
        return bytes;
    }

    [Fact]
    public void AModelImageReadsAsAWeightsFileWithItsSettings()
    {
        WeightsFile file = WeightsFile.Parse(ModelImageBytes(), "m.img");
        Assert.Equal([5, 3, 2], file.Sizes);
        Assert.Equal(Enumerable.Range(0, 26).Select(i => (short)(3 * i - 20)), file.Weights);
        Assert.NotNull(file.Config);
        Assert.Equal(Edge.Core.Storage.LearningAlgorithm.ActivityPerturbationLocal, file.Config!.Algorithm);
        Assert.Equal(3, file.Config.Learner.Groups);
        Assert.Contains("ap-local", file.Note);
    }

    [Fact]
    public void ADamagedModelImageIsNamed()
    {
        byte[] bytes = ModelImageBytes();
        bytes[90] ^= 0x5A;
        Assert.Contains("m.img is not a valid model image: CRC mismatch", Assert.Throws<InvalidDataException>(() => WeightsFile.Parse(bytes, "m.img")).Message);
        Assert.Contains("truncated", Assert.Throws<InvalidDataException>(() => WeightsFile.Parse(ModelImageBytes()[..100], "m.img")).Message);
        Assert.Contains("extra bytes", Assert.Throws<InvalidDataException>(() => WeightsFile.Parse([.. ModelImageBytes(), 0], "m.img")).Message);
    }

    [Fact]
    public void AWeightsFileWithSettingsRoundTripsAsAModelImage()
    {
        var config = new Edge.Core.Storage.ModelConfig { Algorithm = Edge.Core.Storage.LearningAlgorithm.WeightPerturbation, InitSeed = 9 };
        config.SetSizes([5, 3, 2]);
        config.Learner.Directions = 4;
        config.Learner.SigmaQ16 = 1234;
        short[] weights = Enumerable.Range(0, 26).Select(i => (short)(7 * i - 90)).ToArray();
        byte[] image = new WeightsFile([5, 3, 2], weights, Config: config).ToModelImageBytes();
        Assert.Equal("EDGM", System.Text.Encoding.ASCII.GetString(image, 0, 4));
        WeightsFile back = WeightsFile.Parse(image, "m.img");
        Assert.Equal(weights, back.Weights);
        Assert.Equal(4, back.Config!.Learner.Directions);
        Assert.Equal(1234, back.Config.Learner.SigmaQ16);
        Assert.Equal(9UL, back.Config.InitSeed);
        Assert.Throws<InvalidOperationException>(() => new WeightsFile([5, 3, 2], weights).ToModelImageBytes());
    }
}
