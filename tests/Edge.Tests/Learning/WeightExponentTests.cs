using System.Globalization;
using System.Text;
using Edge.Core.Learning;
using Edge.Core.Model;
using Edge.Core.Numerics;
using Edge.Host.Boards;
using Edge.Tests.Commands;
using Edge.Tests.Data;

namespace Edge.Tests.Learning;

/// <summary>
/// A layer's weight exponent: when a commit leaves a weight at the int16 range's end, every store halves the layer and
/// raises the exponent, the forward pass reads the values at their new scale, and later steps keep their real size.
/// </summary>
public class WeightExponentTests
{
    /// <summary>Moves every weight up by <paramref name="lsb"/> Q3.12 LSBs (inputs ≈ 1, batch of one) and commits.</summary>
    private static void Move(WeightStore store, int lsb)
    {
        short[] input = [32767, 32767, 32767, 32767];
        int learningRateQ16 = 1 << (Q.ValueFrac - Q.WeightFrac);   // 2^-12: g = −n moves a weight n LSBs
        store.Step([-lsb * Q.One16], learningRateQ16, 1, input, Q.InputFrac);
        store.Commit();
    }

    [Theory]
    [InlineData(16)]
    [InlineData(8)]
    [InlineData(4)]
    [InlineData(2)]
    [InlineData(0)]
    public void AWeightAtTheRangesEnd_HalvesTheLayer_RaisesItsExponent_AndLaterStepsKeepTheirSize(int extraBits)
    {
        var network = new Network([4, 1]);
        short[] weights = network.Weights[0], biases = network.Biases[0];
        short[] start = [32000, -100, 4000, 0];
        start.CopyTo(weights, 0);
        biases[0] = 1000;
        WeightStore store = WeightStore.Create(weights, biases, 4, extraBits, seed: 5);
        store.Reload(0);

        Move(store, 500);   // the first weight at 32500: inside the range
        Assert.Equal(0, store.Exponent);
        Move(store, 500);   // 33000 would be beyond: it stops at the end, and the layer is halved
        Assert.Equal(1, store.Exponent);
        Assert.InRange(weights[0], 16382, 16384);                       // ≈ 8 in Q4.11
        Assert.InRange(weights[1], (-100 + 1000) / 2 - 2, (-100 + 1000) / 2 + 1);
        Assert.InRange(weights[2], (4000 + 1000) / 2 - 2, (4000 + 1000) / 2 + 1);
        Assert.InRange(biases[0], (1000 + 1000) / 2 - 1, (1000 + 1000) / 2 + 1);

        // the forward pass reads Q4.11 at exponent 1: the same pre-activation as the real-valued weights give
        network.WeightExponents[0] = store.Exponent;
        short[] x = [16384, 8192, 4096, 32767];   // 0.5, 0.25, 0.125, ≈ 1
        x.CopyTo(network.Input, 0);
        network.Forward();
        double expected = 0;
        for (int i = 0; i < 4; i++) expected += weights[i] / 2048.0 * (x[i] / 32768.0);
        expected += biases[0] / 2048.0;
        Assert.InRange(network.Logits[0] / 65536.0, expected - 1e-4, expected + 1e-4);

        // a step of 200 Q3.12 LSBs is 100 LSBs of Q4.11
        short before = weights[1];
        Move(store, 200);
        Assert.InRange(weights[1] - before, 99, 101);

        // weights pushed on and on raise the exponent up to its largest, and then saturate there
        for (int i = 0; i < 40; i++) Move(store, 30000);
        Assert.Equal(Q.MaxWeightExponent, store.Exponent);
        Assert.Equal(short.MaxValue, weights[0]);
    }

    [Fact]
    public void ReloadTakesTheExponentOfTheWeightsItIsGiven_AndRefusesOnesBeyondTheLargest()
    {
        var weights = new short[4];
        var biases = new short[1];
        WeightStore store = WeightStore.Create(weights, biases, 4, 16, seed: 1);
        store.Reload(3);
        Assert.Equal(3, store.Exponent);
        Move(store, 800);   // 800 Q3.12 LSBs are 100 of Q6.9
        Assert.InRange(weights[0], 99, 100);
        Assert.Throws<ArgumentOutOfRangeException>(() => store.Reload(Q.MaxWeightExponent + 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => store.Reload(-1));
    }

    /// <summary>
    /// Forty classes on sixteen features and eight hidden units: the output weights must grow far beyond Q3.12's ±8.
    /// Saturated at ±8 (the learner before weight exponents, 9353cc3), ap reached 19.25 % here; with them 87.75 %, where
    /// its float twin reaches 86.75 %, and the weights file it writes keeps the exponents.
    /// </summary>
    [Fact]
    public void ManyClassesOnFewHiddenUnits_LearnBeyondEight_AndTheWeightsFileKeepsTheExponents()
    {
        using var dir = new TempDirectory();
        string csv = dir.File("forty.csv");
        File.WriteAllText(csv, ManyClasses(classes: 40, features: 16, perClass: 40, seed: 4));
        string outPath = dir.File("forty.edgm");

        var ap = EdgeRunner.Json("bench", "learn", "--data", "csv:" + csv, "--algo", "ap", "--hidden", "8", "--seed", "1", "--out", outPath);
        var twin = EdgeRunner.Json("bench", "learn", "--data", "csv:" + csv, "--algo", "ap", "--hidden", "8", "--seed", "1", "--float");
        double fixedPoint = ap.GetProperty("test_accuracy").GetDouble(), floatTwin = twin.GetProperty("test_accuracy").GetDouble();
        Assert.True(fixedPoint >= floatTwin - 5, $"fixed point {fixedPoint} %, its float twin {floatTwin} %");

        WeightsFile file = WeightsFile.Load(outPath);
        Assert.True(file.Header!.WeightExponents[1] > 0, "the output layer's weights never outgrew ±8: the test no longer tests exponents");
        Assert.Equal(Edge.Core.Storage.ModelImage.ExponentsFormatVersion, File.ReadAllBytes(outPath)[Edge.Core.Storage.ModelImage.VersionOffset]);
    }

    /// <summary>A CSV of one Gaussian cluster per class (σ 0.15 around a centre drawn in [0, 1] per feature), round-robin by class.</summary>
    internal static string ManyClasses(int classes, int features, int perClass, ulong seed)
    {
        var rng = new Pcg32(seed, 3);   // the project's own generator: the same file on every platform
        double Uniform() => (rng.NextUInt() + 0.5) / 4294967296.0;   // in (0, 1)
        var centres = new double[classes, features];
        for (int c = 0; c < classes; c++)
            for (int f = 0; f < features; f++) centres[c, f] = Uniform();
        var text = new StringBuilder(string.Join(",", Enumerable.Range(0, features).Select(f => $"f{f}")) + ",label\n");
        for (int i = 0; i < classes * perClass; i++)
        {
            int c = i % classes;
            for (int f = 0; f < features; f++)
            {
                double gaussian = Math.Sqrt(-2 * Math.Log(Uniform())) * Math.Cos(2 * Math.PI * Uniform());
                text.Append(string.Create(CultureInfo.InvariantCulture, $"{centres[c, f] + 0.15 * gaussian:R},"));
            }
            text.Append(c).Append('\n');
        }
        return text.ToString();
    }
}
