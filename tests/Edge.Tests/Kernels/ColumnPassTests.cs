using Edge.Core.Kernels;
using Edge.Core.Model;
using Edge.Core.Numerics;

namespace Edge.Tests.Kernels;

/// <summary>
/// A column pass (a group of units' responses added to the head's clean logits through their own columns) against
/// a full pass of the head over the perturbed activations, and against a float reference.
/// </summary>
public class ColumnPassTests
{
    [Fact]
    public void ColumnLogits_AreTheFullHeadPassOverThePerturbedActivations_ToOneRounding()
    {
        var rng = new Pcg32(61, 62);
        foreach (int units in new[] { 1, 7, 32, 128 })
        {
            const int classes = 10;
            var weights = new short[classes * units];
            var biases = new short[classes];
            for (int i = 0; i < weights.Length; i++) weights[i] = (short)(rng.NextInt(16384) - 8192);
            for (int o = 0; o < classes; o++) biases[o] = (short)(rng.NextInt(4096) - 2048);
            var hidden = new short[units];
            var clean = new int[classes];
            var perturbed = new short[units];
            var response = new short[units];
            var full = new int[classes];
            var columns = new int[classes];
            for (int trial = 0; trial < 50; trial++)
            {
                for (int i = 0; i < units; i++) hidden[i] = (short)rng.NextInt(8 << Q.ActivationFrac);
                DenseQ3_12.Forward(weights, biases, 0, hidden, Q.ActivationFrac, units, classes, clean);
                int first = rng.NextInt(units), end = first + 1 + rng.NextInt(units - first);
                for (int i = 0; i < units; i++)
                {
                    response[i] = i >= first && i < end ? (short)(rng.NextInt(400) - 200) : (short)0;
                    perturbed[i] = (short)(hidden[i] + response[i]);
                }
                DenseQ3_12.Forward(weights, biases, 0, perturbed, Q.ActivationFrac, units, classes, full);
                long macs = Network.AddColumns(clean, weights, 0, units, response, first, end, columns);
                Assert.Equal((long)(end - first) * classes, macs);
                for (int o = 0; o < classes; o++)
                {
                    Assert.InRange(columns[o] - full[o], -1, 1);   // the clean logits and the column sum are rounded apart
                    double reference = biases[o] / 4096.0;
                    for (int i = 0; i < units; i++) reference += weights[o * units + i] / 4096.0 * (perturbed[i] / 2048.0);
                    Assert.InRange(columns[o] / 65536.0 - reference, -2.0 / 65536, 2.0 / 65536);
                }
            }
        }
    }

    [Fact]
    public void PerturbedResponse_IsEachUnitsOwnChange_UnderTheCleanNormalisation()
    {
        var network = new Network([4, 6, 3]) { NormalizeHidden = true };
        network.Initialize(3);
        for (int i = 0; i < 4; i++) network.Input[i] = (short)(5000 * (i + 1));
        network.Forward();
        short[] clean = (short[])network.Hidden[0].Clone();
        var delta = new int[6];
        delta[2] = 1 << 16;   // one unit nudged by 1.0
        var response = new short[6];
        network.PerturbedResponse(0, delta, response);
        for (int i = 0; i < 6; i++)
            if (i != 2) Assert.Equal(0, response[i]);   // the clean scale: the others do not move
        Assert.Equal(clean, network.Hidden[0]);        // the clean activations stay
    }
}
