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
}
