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
}
