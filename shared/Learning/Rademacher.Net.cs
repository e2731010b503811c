using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Edge.Core.Learning
{
    /// <summary>
    /// Host-only (net10.0, x86 AVX-512F/BW) twins of <see cref="Rademacher"/>'s loops, bit-identical to
    /// them, 16 units per vector: the direction's bits spread to lanes by a variable shift, and the
    /// estimate's sign(δ)·slope as a select between +slope, −slope and 0.
    /// </summary>
    public static partial class Rademacher
    {
        private const int Lanes = 16;

        private static bool Supported { get { return Avx512BW.IsSupported && Vector512.IsHardwareAccelerated; } }

        static partial void DrawAccelerated(uint bits, short[] activation, bool activeOnly, int first, int end, int sigma, int[] delta, ref int perturbed, ref bool done)
        {
            // whole chunks of 32 only (the last, partial chunk of a group takes the portable loop)
            if (!Supported || end - first != 2 * Lanes || activation.Length < end || delta.Length < end) return;
            Vector512<uint> word = Vector512.Create(bits);
            Vector512<int> plus = Vector512.Create(sigma);
            Vector512<int> any = Vector512<int>.Zero;
            for (int half = 0; half < 2; half++)
            {
                int start = first + half * Lanes;
                // lane i: bit (half·16 + i) of the word
                Vector512<uint> shifts = Vector512<uint>.Indices + Vector512.Create((uint)(half * Lanes));
                Vector512<int> negative = (Avx512F.ShiftRightLogicalVariable(word, shifts) & Vector512<uint>.One).AsInt32() - Vector512<int>.One;
                Vector512<int> keep = Vector512<int>.AllBitsSet;
                if (activeOnly)
                {
                    Vector512<int> a = Avx512F.ConvertToVector512Int32(Vector256.LoadUnsafe(ref activation[start]));
                    keep = ~Vector512.Equals(a, Vector512<int>.Zero);
                }
                (((plus ^ negative) - negative) & keep).StoreUnsafe(ref delta[start]);
                any |= keep;
            }
            perturbed |= Vector512.EqualsAny(any, Vector512<int>.AllBitsSet) ? -1 : 0;
            done = true;
        }

        static partial void AssignAccelerated(int[] delta, int first, int end, int slope, int[] estimate, ref int next)
        {
            if (!Supported || end - first < Lanes || (uint)first > (uint)end || delta.Length < end || estimate.Length < end) return;
            Vector512<int> positive = Vector512.Create(slope);
            Vector512<int> negative = Vector512.Create(unchecked(-slope));   // wraps for int.MinValue, as sign · slope does
            // whole vectors only: an overlapping last one would see the δ already cleared
            for (; next + Lanes <= end; next += Lanes) Assign(delta, next, positive, negative, estimate);
        }

        static partial void EstimateEachAccelerated(int[] delta, int units, int loss0, int sigma, int[] estimate, ref int next)
        {
            const int LongLanes = 8;
            if (!Avx512DQ.IsSupported || !Supported || sigma <= 0 || delta.Length < units || estimate.Length < units) return;
            Vector512<long> reference = Vector512.Create((long)loss0);
            Vector512<long> divisor = Vector512.Create((long)sigma);
            Vector512<double> reciprocal = Vector512.Create(1.0 / sigma);
            for (; next + LongLanes <= units; next += LongLanes)
            {
                // |(L − L0) · 2^16| < 2^48: exact as a double; times the rounded 1/σ it is within 2^−4 of the quotient
                // (two roundings of 2^−53 each, on a quotient below 2^48), so truncated it is off by at most one, which the
                // remainder corrects (a multiply: a vector division is slow); then the sign: C#'s quotient toward zero
                Vector512<long> numerator = Avx512F.ShiftLeftLogical(Avx512F.ConvertToVector512Int64(Vector256.LoadUnsafe(ref estimate[next])) - reference, 16);
                Vector512<long> negative = Avx512F.ShiftRightArithmetic(numerator, 63);
                Vector512<long> magnitude = (numerator ^ negative) - negative;
                Vector512<long> q = Avx512DQ.ConvertToVector512Int64WithTruncation(Avx512DQ.ConvertToVector512Double(magnitude) * reciprocal);
                Vector512<long> r = magnitude - Avx512DQ.MultiplyLow(q, divisor);
                q += Vector512.LessThan(r, Vector512<long>.Zero);          // −1 where the double overshot
                q -= Vector512.GreaterThanOrEqual(r, divisor);             // +1 where it fell short
                Vector256<int> slope = Avx512F.ConvertToVector256Int32WithSaturation((q ^ negative) - negative);   // vpmovsqd: sat32
                Vector256<int> d = Vector256.LoadUnsafe(ref delta[next]);
                Vector256<int> value = Vector256.ConditionalSelect(Vector256.GreaterThan(d, Vector256<int>.Zero), slope,
                                       Vector256.ConditionalSelect(Vector256.LessThan(d, Vector256<int>.Zero), Vector256<int>.Zero - slope, Vector256<int>.Zero));
                value.StoreUnsafe(ref estimate[next]);
            }
        }

        private static void Assign(int[] delta, int start, Vector512<int> positive, Vector512<int> negative, int[] estimate)
        {
            Vector512<int> d = Vector512.LoadUnsafe(ref delta[start]);
            Vector512<int> value = Vector512.ConditionalSelect(Vector512.GreaterThan(d, Vector512<int>.Zero), positive,
                                   Vector512.ConditionalSelect(Vector512.LessThan(d, Vector512<int>.Zero), negative, Vector512<int>.Zero));
            value.StoreUnsafe(ref estimate[start]);
            Vector512<int>.Zero.StoreUnsafe(ref delta[start]);
        }
    }
}
