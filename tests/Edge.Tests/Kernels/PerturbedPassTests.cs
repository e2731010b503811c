using Edge.Core.Kernels;
using Edge.Core.Model;
using Edge.Core.Numerics;

namespace Edge.Tests.Kernels;

/// <summary>The perturbed pass adds δ to the clean pre-activations with saturation (a vector twin on a host).</summary>
public class PerturbedPassTests
{
    /// <summary>Records the pre-activations it is given.</summary>
    private sealed class Recording : IActivation
    {
        public int[] Seen = [];

        public void Forward(int layer, int[] preActivation, short[] activation, int count)
        {
            Seen = preActivation[..count];
            for (int i = 0; i < count; i++) activation[i] = 0;
        }
    }

    [Fact]
    public void PerturbedPreActivations_AreTheSaturatedSums()
    {
        var rng = new Pcg32(51, 52);
        foreach (int hidden in new[] { 5, 16, 32, 40, 128 })
        {
            var network = new Network([8, hidden, 3]);
            var recording = new Recording();
            network.Activation = recording;
            int[] delta = new int[hidden];
            for (int trial = 0; trial < 20; trial++)
            {
                int[] clean = network.PreActivations[0];
                for (int i = 0; i < hidden; i++)
                {
                    clean[i] = rng.NextInt(4) == 0 ? (rng.NextInt(2) == 0 ? int.MaxValue - rng.NextInt(100) : int.MinValue + rng.NextInt(100)) : (int)rng.NextUInt();
                    delta[i] = rng.NextInt(4) == 0 ? (rng.NextInt(2) == 0 ? 1000 : -1000) : (int)rng.NextUInt();
                }
                network.PerturbedHidden(0, delta);
                for (int i = 0; i < hidden; i++)
                    Assert.Equal(Sat.Add32(clean[i], delta[i]), recording.Seen[i]);
            }
        }
    }

    /// <summary>ReLU under another name: the network cannot tell it is ReLU, so it takes the general path.</summary>
    private sealed class HiddenRelu : IActivation
    {
        public void Forward(int layer, int[] preActivation, short[] activation, int count) => Relu.Instance.Forward(layer, preActivation, activation, count);
    }

    [Fact]
    public void ReluResponses_AreTheSaturatedDifferences_OnBothPaths()
    {
        // ReLU units have a fused twin on a host; a stand-in activation takes the general loop: both must be the definition
        var rng = new Pcg32(53, 54);
        foreach (int hidden in new[] { 5, 16, 17, 32, 40, 128 })
        {
            var fused = new Network([8, hidden, 3]);
            var general = new Network([8, hidden, 3]) { Activation = new HiddenRelu() };
            int[] delta = new int[hidden];
            var fusedResponse = new short[hidden];
            var generalResponse = new short[hidden];
            for (int trial = 0; trial < 40; trial++)
            {
                for (int i = 0; i < hidden; i++)
                {
                    int z = rng.NextInt(4) == 0 ? (rng.NextInt(2) == 0 ? int.MaxValue - rng.NextInt(100) : int.MinValue + rng.NextInt(100)) : (int)rng.NextUInt() >> rng.NextInt(16);
                    short h = rng.NextInt(4) == 0 ? (rng.NextInt(2) == 0 ? short.MaxValue : short.MinValue) : (short)rng.NextInt(65536);
                    fused.PreActivations[0][i] = general.PreActivations[0][i] = z;
                    fused.Hidden[0][i] = general.Hidden[0][i] = h;
                    delta[i] = rng.NextInt(4) == 0 ? (rng.NextInt(2) == 0 ? 3277 : -3277) : (int)rng.NextUInt();
                }
                fused.PerturbedResponse(0, delta, fusedResponse);
                general.PerturbedResponse(0, delta, generalResponse);
                for (int i = 0; i < hidden; i++)
                {
                    long z = Sat.Add32(fused.PreActivations[0][i], delta[i]);
                    short h = Sat.ToInt16(Math.Max(z, 0) / 32 + ((Math.Max(z, 0) >> 4) & 1));   // round(max(z, 0) / 2^5), ties up
                    Assert.Equal(Sat.ToInt16(h - fused.Hidden[0][i]), fusedResponse[i]);
                }
                Assert.Equal(generalResponse, fusedResponse);
            }
        }
    }
}
