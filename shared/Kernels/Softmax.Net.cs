using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Edge.Core.Numerics;

namespace Edge.Core.Kernels
{
    /// <summary>
    /// Host-only (net10.0, x86 AVX-512F/DQ) twin of <see cref="Softmax.Normalize"/>, bit-identical to
    /// it, eight classes per vector: the exact integer quotient from a double division (numerator
    /// below 2^48 and sum are exact doubles, so the truncated quotient is off by at most one), then
    /// corrected by the remainder. The classes past the last whole eight are left to the portable loop.
    /// </summary>
    public static partial class Softmax
    {
        static partial void NormalizeAccelerated(int[] exponentials, int count, long sum, int[] probabilities, ref int done)
        {
            const int Lanes = 8;
            if (!Avx512DQ.IsSupported || !Vector512.IsHardwareAccelerated || sum <= 0 || count < Lanes
                || exponentials.Length < count || probabilities.Length < count) return;
            Vector512<long> divisor = Vector512.Create(sum);
            Vector512<double> divisorDouble = Vector512.Create((double)sum);
            Vector512<long> half = Vector512.Create(sum >> 1);
            int i = 0;
            for (; i + Lanes <= count; i += Lanes)
            {
                Vector512<long> numerator = Avx512F.ShiftLeftLogical(Avx512F.ConvertToVector512Int64(Vector256.LoadUnsafe(ref exponentials[i])), Q.ValueFrac) + half;
                Vector512<long> q = Avx512DQ.ConvertToVector512Int64WithTruncation(Avx512DQ.ConvertToVector512Double(numerator) / divisorDouble);
                Vector512<long> r = numerator - Avx512DQ.MultiplyLow(q, divisor);
                q += Vector512.LessThan(r, Vector512<long>.Zero);          // −1 where the double overshot
                q -= Vector512.GreaterThanOrEqual(r, divisor);             // +1 where it fell short
                Avx512F.ConvertToVector256Int32(q).StoreUnsafe(ref probabilities[i]);
            }
            done = i;
        }
    }
}
