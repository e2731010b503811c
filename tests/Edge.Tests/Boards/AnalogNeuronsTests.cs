using Edge.Boards.Profiles;
using Edge.Boards.Simulated;
using Edge.Core.Kernels;
using Edge.Core.Numerics;
using Xunit;

namespace Edge.Tests.Boards;

public class AnalogNeuronsTests
{
    private static readonly int[] Extremes =
    {
        int.MinValue, -Q.One16 * 100, -Q.One16, -1, 0, 1, 15, 16, 17, 31, 32, 33,
        Q.One16 / 2, Q.One16, 3 * Q.One16 + 12345, 15 * Q.One16, 16 * Q.One16, Q.One16 * 1000, int.MaxValue,
    };

    private static short[] Run(IActivation activation, int layer, int[] z)
    {
        var h = new short[z.Length];
        activation.Forward(layer, z, h, z.Length);
        return h;
    }

    [Fact]
    public void ZeroSpreadReluIsExactlyRelu()
    {
        var neurons = new AnalogNeurons(new AnalogNeuronProfile(0, 0, NeuronShape.Relu), serial: 123);
        for (int layer = 0; layer < AnalogNeurons.MaxLayers; layer++)
            Assert.Equal(Run(Relu.Instance, layer, Extremes), Run(neurons, layer, Extremes));
    }

    [Fact]
    public void UnitsFollowTheirOwnSlopeAndThreshold()
    {
        var neurons = AnalogNeurons.ForBoard(BoardTestProfiles.Shipped("sim-analog-neurons"), serial: 7);
        var z = new int[AnalogNeurons.MaxUnitsPerLayer];
        for (int i = 0; i < z.Length; i++) z[i] = (i % 64 - 16) * (Q.One16 / 8); // −2 … 5.875
        short[] h = Run(neurons, layer: 2, z);
        for (int i = 0; i < z.Length; i++)
        {
            double expected = neurons.Slope(2, i) * Math.Max(0, z[i] / 65536.0 - neurons.Threshold(2, i));
            Assert.InRange(h[i] / 2048.0, expected - 1.0 / 2048, expected + 1.0 / 2048);
        }
    }

    [Fact]
    public void SerialsGiveDifferentUnitsWithTheProfileSpread()
    {
        BoardProfile profile = BoardTestProfiles.Shipped("sim-analog-neurons");
        var a = AnalogNeurons.ForBoard(profile, 1);
        var again = AnalogNeurons.ForBoard(profile, 1);
        var b = AnalogNeurons.ForBoard(profile, 2);
        var z = Enumerable.Range(0, 512).Select(i => (i % 32) * (Q.One16 / 4)).ToArray();
        Assert.Equal(Run(a, 0, z), Run(again, 0, z));
        Assert.NotEqual(Run(a, 0, z), Run(b, 0, z));

        var slopes = new List<double>();
        var thresholds = new List<double>();
        for (int layer = 0; layer < AnalogNeurons.MaxLayers; layer++)
            for (int unit = 0; unit < AnalogNeurons.MaxUnitsPerLayer; unit++)
            {
                slopes.Add(a.Slope(layer, unit));
                thresholds.Add(a.Threshold(layer, unit));
            }
        Assert.InRange(slopes.Average(), 0.97, 1.03);
        Assert.InRange(SimulatedAnalogPathTests.StandardDeviation(slopes), 0.3 * 0.9, 0.3 * 1.1);
        Assert.InRange(SimulatedAnalogPathTests.StandardDeviation(thresholds), 0.3 * 0.9, 0.3 * 1.1);
        Assert.All(slopes, s => Assert.InRange(s, AnalogNeurons.MinSlope, AnalogNeurons.MaxSlope));
    }

    [Fact]
    public void SoftplusIshHasAQuadraticKnee()
    {
        var neurons = new AnalogNeurons(new AnalogNeuronProfile(0, 0, NeuronShape.SoftplusIsh), serial: 1);
        int[] z = { -Q.One16, -Q.One16 / 4, 0, Q.One16 / 8, Q.One16 / 4, Q.One16, int.MaxValue };
        short[] h = Run(neurons, 0, z);
        Assert.Equal(new short[] { 0, 0, 128, 288, 512, 2048, short.MaxValue }, h); // 0.0625, 0.140625, 0.25, 1 in Q4.11
    }

    [Fact]
    public void SaturatesAndRejectsBadShapes()
    {
        var neurons = AnalogNeurons.ForBoard(BoardTestProfiles.Shipped("sim-analog-neurons"), serial: 3);
        var z = new int[AnalogNeurons.MaxUnitsPerLayer];
        Array.Fill(z, int.MaxValue);
        Assert.All(Run(neurons, 3, z), h => Assert.Equal(short.MaxValue, h));
        Array.Fill(z, int.MinValue);
        Assert.All(Run(neurons, 3, z), h => Assert.Equal(0, h));
        Assert.Throws<ArgumentOutOfRangeException>(() => neurons.Forward(4, z, new short[z.Length], 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => neurons.Forward(0, new int[2000], new short[2000], 2000));
        Assert.Throws<ArgumentException>(() => AnalogNeurons.ForBoard(BoardTestProfiles.Shipped("sim-digits"), 1));
    }

    [Fact]
    public void ForwardAllocatesNothing()
    {
        var neurons = AnalogNeurons.ForBoard(BoardTestProfiles.Shipped("sim-analog-neurons"), serial: 3);
        var z = Enumerable.Range(0, 256).Select(i => i * 999 - 100_000).ToArray();
        var h = new short[256];
        neurons.Forward(1, z, h, 256);
        Assert.Equal(0, Allocations.Of(() => { for (int i = 0; i < 100; i++) neurons.Forward(1, z, h, 256); }));
    }
}
