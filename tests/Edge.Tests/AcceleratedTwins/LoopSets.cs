using System.Runtime.Intrinsics;
using Edge.Accelerated;
using Edge.Core.Kernels;

namespace Edge.Tests.AcceleratedTwins;

/// <summary>
/// Every set of vector loops a test of the core's loops runs with: the device's (none: the core's loops alone), the
/// cross-platform Vector128 twins and the AVX-512 twins (which do nothing on a machine without AVX-512).
/// </summary>
public static class LoopSets
{
    public static TheoryData<string> Names() => new() { "portable", "vector128", "avx512" };

    public static IVectorLoops Get(string name) => name switch
    {
        "portable" => NoVectorLoops.Instance,
        "vector128" => VectorLoops128.Instance,
        "avx512" => VectorLoopsAvx512.Instance,
        _ => throw new ArgumentException(name),
    };

    /// <summary>
    /// How many of <paramref name="count"/> units the Vector128 twins do themselves (whole vectors of 4, from
    /// <paramref name="least"/> units on), or null for another set or where Vector128 is not accelerated: a test that
    /// compares the core's results only would also pass with a twin that did nothing.
    /// </summary>
    public static int? Vector128Share(string name, int count, int least = 4) =>
        name == "vector128" && Vector128.IsHardwareAccelerated ? (count < least ? 0 : count - count % 4) : null;
}
