using System.Runtime.Intrinsics;
using Edge.Core.Kernels;
using Edge.Core.Numerics;

namespace Edge.Accelerated
{
    /// <summary>
    /// Cross-platform (Vector128: ARM64 AdvSimd, x86 SSE) twins of the core's per-unit loops (<see cref="IVectorLoops"/>),
    /// bit-identical to them: the perturbed pass's saturating add and a ReLU layer's responses (saturating add, max, the
    /// rounding shift, saturating narrow and subtract), the input's sum of squares, and Rademacher's draw (each lane's bit
    /// by a mask) and sign assignment (selects). Softmax's normalisation, step control's int64 products, the
    /// estimates' divisions and the column losses stay on the core's loops here (they need 64-bit products or table
    /// look-ups that only the AVX-512 twins do in vectors).
    /// </summary>
    public sealed class VectorLoops128 : IVectorLoops
    {
        public static readonly VectorLoops128 Instance = new VectorLoops128();

        private const int Lanes = 4;

        public static bool IsSupported { get { return Vector128.IsHardwareAccelerated; } }

        public int Normalize(int[] exponentials, int count, long sum, int[] probabilities) { return 0; }

        public int Exponentials(int[] logits, int offset, int count, int max, int[] exponentials) { return 0; }

        public bool AddSaturated(int[] a, int[] b, int[] sum)
        {
            int count = sum.Length;
            if (!IsSupported || count < Lanes || a.Length < count || b.Length < count) return false;
            for (int i = 0; ; i += Lanes)
            {
                if (i + Lanes > count) i = count - Lanes;   // the last 4, overlapping: the same values again
                Vector128.AddSaturate(Vector128.LoadUnsafe(ref a[i]), Vector128.LoadUnsafe(ref b[i])).StoreUnsafe(ref sum[i]);
                if (i + Lanes >= count) break;
            }
            return true;
        }

        public bool ReluResponse(int[] pre, int[] delta, short[] clean, short[] response)
        {
            const int Shorts = 8;
            int count = clean.Length;
            if (!IsSupported || count < Shorts || pre.Length < count || delta.Length < count || response.Length < count) return false;
            for (int i = 0; ; i += Shorts)
            {
                if (i + Shorts > count) i = count - Shorts;   // the last 8, overlapping: the same values again
                Vector128<short> h = Vector128.NarrowWithSaturation(Activated(pre, delta, i), Activated(pre, delta, i + Lanes));
                Vector128.SubtractSaturate(h, Vector128.LoadUnsafe(ref clean[i])).StoreUnsafe(ref response[i]);
                if (i + Shorts >= count) break;
            }
            return true;
        }

        /// <summary>ReLU's value before its int16 saturation: ShiftRound(max(sat32(z + δ), 0), 5) on four lanes.</summary>
        private static Vector128<int> Activated(int[] pre, int[] delta, int i)
        {
            const int shift = Q.ValueFrac - Q.ActivationFrac;
            Vector128<int> z = Vector128.Max(Vector128.AddSaturate(Vector128.LoadUnsafe(ref pre[i]), Vector128.LoadUnsafe(ref delta[i])), Vector128<int>.Zero);
            return Vector128.ShiftRightArithmetic(z, shift) + (Vector128.ShiftRightArithmetic(z, shift - 1) & Vector128<int>.One);
        }

        public int MeanSquares(int[] gradient, long[] meanSquare, int units, int k) { return 0; }

        public int SumOfSquares(short[] input, int count, out long squares)
        {
            const int Shorts = 8;
            squares = 0;
            if (!IsSupported || count < Shorts || input.Length < count) return 0;
            Vector128<long> sum = Vector128<long>.Zero;
            int j = 0;
            for (; j + Shorts <= count; j += Shorts)
            {
                (Vector128<int> lower, Vector128<int> upper) = Vector128.Widen(Vector128.LoadUnsafe(ref input[j]));
                // x² ≤ 2^30: exact in int32, and the sum of two below 2^31 as an unsigned int32
                Vector128<uint> pairs = (lower * lower + upper * upper).AsUInt32();
                (Vector128<ulong> a, Vector128<ulong> b) = Vector128.Widen(pairs);
                sum += (a + b).AsInt64();
            }
            squares = Vector128.Sum(sum);
            return j;
        }

        public int NormalizeSteps(int[] gradient, int[] reciprocal, int units) { return 0; }

        public bool DrawChunk(uint bits, short[] activation, bool activeOnly, int first, int end, int sigma, int[] delta, ref int perturbed)
        {
            const int Chunk = 32;
            if (!IsSupported || end - first != Chunk || first < 0 || activation.Length < end || delta.Length < end) return false;
            Vector128<uint> word = Vector128.Create(bits);
            Vector128<uint> mask = Vector128.Create(1u, 2u, 4u, 8u);
            Vector128<int> plus = Vector128.Create(sigma);
            Vector128<int> any = Vector128<int>.Zero;
            for (int v = 0; v < Chunk; v += Lanes)
            {
                // −1 (all ones) for a clear bit (−σ), 0 for a set one (+σ)
                Vector128<int> negative = Vector128.Equals(word & mask, Vector128<uint>.Zero).AsInt32();
                Vector128<int> keep = Vector128<int>.AllBitsSet;
                if (activeOnly)
                    keep = ~Vector128.Equals(Vector128.WidenLower(Vector128.LoadUnsafe(ref activation[first + v])), Vector128<int>.Zero);
                (((plus ^ negative) - negative) & keep).StoreUnsafe(ref delta[first + v]);
                any |= keep;
                mask = Vector128.ShiftLeft(mask, Lanes);
            }
            if (Vector128.EqualsAny(any, Vector128<int>.AllBitsSet)) perturbed = -1;
            return true;
        }

        public int AssignSigns(int[] delta, int first, int end, int slope, int[] estimate)
        {
            int next = first;
            if (!IsSupported || first < 0 || end - first < Lanes || delta.Length < end || estimate.Length < end) return first;
            Vector128<int> positive = Vector128.Create(slope);
            Vector128<int> negative = Vector128.Create(unchecked(-slope));   // wraps for int.MinValue, as sign · slope does
            // whole vectors only: an overlapping last one would see the δ already cleared
            for (; next + Lanes <= end; next += Lanes)
            {
                Vector128<int> d = Vector128.LoadUnsafe(ref delta[next]);
                Vector128<int> value = Vector128.ConditionalSelect(Vector128.GreaterThan(d, Vector128<int>.Zero), positive,
                                       Vector128.ConditionalSelect(Vector128.LessThan(d, Vector128<int>.Zero), negative, Vector128<int>.Zero));
                value.StoreUnsafe(ref estimate[next]);
                Vector128<int>.Zero.StoreUnsafe(ref delta[next]);
            }
            return next;
        }

        public int EstimateEach(int[] delta, int units, int loss0, int sigma, int[] estimate) { return 0; }

        public int ColumnLosses(int[] clean, short[] weights, int classes, int units, short[] response, int label, int[] losses) { return -1; }
    }
}
