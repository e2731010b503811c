using Edge.Core.Numerics;

namespace Edge.Tests.Reference;

/// <summary>Deterministic random inputs for the reference tests, all from Pcg32.</summary>
internal static class ReferenceTestData
{
    public static float Uniform(Pcg32 random, float low, float high) =>
        low + (high - low) * ((random.NextUInt() >> 8) * (1f / 16777216f));

    /// <summary>A standard normal value (Box–Muller).</summary>
    public static float Gaussian(Pcg32 random)
    {
        double u1 = ((random.NextUInt() >> 8) + 1.0) / 16777217.0; // (0, 1]: log stays finite
        double u2 = (random.NextUInt() >> 8) / 16777216.0;
        return (float)(Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2));
    }

    public static float[] UniformVector(Pcg32 random, int length, float low = -1f, float high = 1f)
    {
        var values = new float[length];
        for (int i = 0; i < length; i++) values[i] = Uniform(random, low, high);
        return values;
    }

    /// <summary>Two 2-D Gaussian blobs (σ = 1) centred at ±(<paramref name="offset"/>, <paramref name="offset"/>); label 0 or 1.</summary>
    public static (float[][] Inputs, int[] Labels) Blobs(int count, float offset, ulong seed)
    {
        var random = new Pcg32(seed, 7);
        var inputs = new float[count][];
        var labels = new int[count];
        for (int n = 0; n < count; n++)
        {
            labels[n] = n % 2;
            float centre = labels[n] == 0 ? -offset : offset;
            inputs[n] = [centre + Gaussian(random), centre + Gaussian(random)];
        }
        return (inputs, labels);
    }
}
