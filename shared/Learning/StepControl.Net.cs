using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Edge.Core.Learning
{
    /// <summary>
    /// Host-only (net10.0, x86 AVX-512F/BW) twins of <see cref="StepControl.Observe"/>'s loops, bit-identical
    /// to them: the running mean squares on 8 int64 lanes (vpmuldq for g², vpsraq), the input's sum of squares
    /// by vpmaddwd (a pair of squares is at most 2^31: exact as an unsigned int32) widened into int64 lanes,
    /// and the normalisation g·(1/RMS) &gt;&gt; 16 with its clip on 8 int64 lanes (vpminsq/vpmaxsq), narrowed.
    /// </summary>
    public sealed partial class StepControl
    {
        private const int LongLanes = 8;

        private static bool Supported { get { return Avx512BW.IsSupported && Vector512.IsHardwareAccelerated; } }

        static partial void MeanSquaresAccelerated(int[] gradient, long[] meanSquare, int units, int k, ref int next)
        {
            if (!Supported || gradient.Length < units || meanSquare.Length < units) return;
            for (; next + LongLanes <= units; next += LongLanes)
            {
                Vector512<long> g = Avx512F.ConvertToVector512Int64(Vector256.LoadUnsafe(ref gradient[next]));
                Vector512<long> m = Vector512.LoadUnsafe(ref meanSquare[next]);
                Vector512<long> square = Avx512F.Multiply(g.AsInt32(), g.AsInt32());   // vpmuldq: the low halves, signed: g² exactly
                (m + Vector512.ShiftRightArithmetic(square - m, k)).StoreUnsafe(ref meanSquare[next]);
            }
        }

        static partial void SquaresAccelerated(short[] input, int count, ref long squares, ref int next)
        {
            const int Shorts = 32;
            if (!Supported || input.Length < count || count < Shorts) return;
            Vector512<ulong> sum = Vector512<ulong>.Zero;
            for (; next + Shorts <= count; next += Shorts)
            {
                Vector512<short> x = Vector512.LoadUnsafe(ref input[next]);
                // x_a² + x_b² ≤ 2^31: vpmaddwd's int32 wraps only at −32768 twice, which as unsigned is exact
                Vector512<uint> pairs = Avx512BW.MultiplyAddAdjacent(x, x).AsUInt32();
                sum += Avx512F.ConvertToVector512UInt64(pairs.GetLower()) + Avx512F.ConvertToVector512UInt64(pairs.GetUpper());
            }
            squares += (long)Vector512.Sum(sum);
        }

        static partial void NormalizeAccelerated(int[] gradient, int[] reciprocal, int units, ref int next)
        {
            if (!Supported || gradient.Length < units || reciprocal.Length < units) return;
            Vector512<long> clip = Vector512.Create((long)ClipQ16);
            for (; next + LongLanes <= units; next += LongLanes)
            {
                Vector512<long> g = Avx512F.ConvertToVector512Int64(Vector256.LoadUnsafe(ref gradient[next]));
                Vector512<long> r = Avx512F.ConvertToVector512Int64(Vector256.LoadUnsafe(ref reciprocal[next]));
                Vector512<long> c = Vector512.ShiftRightArithmetic(Avx512F.Multiply(g.AsInt32(), r.AsInt32()), Numerics.Q.ValueFrac);
                Avx512F.ConvertToVector256Int32(Vector512.Min(Vector512.Max(c, -clip), clip)).StoreUnsafe(ref gradient[next]);
            }
        }
    }
}
