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
}
