using Edge.Core.Numerics;

namespace Edge.Host.Data;

/// <summary>
/// The fixed, reproducible shuffle behind every split that a data set does not bring itself
/// (digits, CSV): a Fisher–Yates permutation driven by <see cref="Pcg32"/>, so the same file gives
/// the same train/test rows on every run and platform.
/// </summary>
public static class SeededSplit
{
    /// <summary>Seed of the split shuffle (stream <see cref="Stream"/>); changing it changes every published split.</summary>
    public const ulong Seed = 20231;
    public const ulong Stream = 0;

    /// <summary>A permutation of 0..count-1: for i = count-1 down to 1, swap i with a uniform j in [0, i].</summary>
    public static int[] ShuffledIndices(int count, ulong seed = Seed, ulong stream = Stream)
    {
        var indices = new int[count];
        for (int i = 0; i < count; i++) indices[i] = i;
        var rng = new Pcg32(seed, stream);
        for (int i = count - 1; i > 0; i--)
        {
            int j = rng.NextInt(i + 1);
            (indices[i], indices[j]) = (indices[j], indices[i]);
        }
        return indices;
    }
}
