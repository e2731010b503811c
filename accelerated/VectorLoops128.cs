using System.Runtime.Intrinsics;
using Edge.Core.Kernels;
using Edge.Core.Learning;
using Edge.Core.Numerics;

namespace Edge.Accelerated
{
    /// <summary>
    /// Cross-platform (Vector128: ARM64 AdvSimd, x86 SSE) twins of the core's per-unit loops (<see cref="IVectorLoops"/>),
    /// bit-identical to them:
    /// - the perturbed pass's saturating add and a ReLU layer's responses (saturating add, max, the rounding shift,
    ///   saturating narrow and subtract);
    /// - StepControl.Observe: the running mean squares (g² from three int32 products of g's 16-bit halves, widened, as
    ///   AdvSimd has no int64 multiply), the input's sum of squares, and the normalisation g·(1/RMS) &gt;&gt; 16 with its clip
    ///   in doubles (the product is exact below 2^53, and clipped either way above);
    /// - Softmax.Normalize and Rademacher.EstimateEach: the exact integer quotients from doubles (<see cref="QuotientBits"/>:
    ///   a multiply by the rounded reciprocal, corrected by the exact remainder), as the AVX-512 twins find theirs;
    /// - Rademacher's draw (each lane's bit by a mask), sign assignment (selects) and the clearing of δ where a unit did not respond.
    /// Integers and doubles cross by the <see cref="Magic"/> constant's bits, not by int64 conversions (which SSE lacks).
    /// Softmax's exponentials and the column losses stay on the core's loops here: they look up FixedExp's and FixedLog's
    /// 257-entry tables per lane, and Vector128 has no gather and only a 16-byte shuffle (the AVX-512 twins use
    /// vpermi2b over byte planes).
    /// </summary>
    public sealed class VectorLoops128 : IVectorLoops
    {
        public static readonly VectorLoops128 Instance = new VectorLoops128();

        private const int Lanes = 4;

        public static bool IsSupported { get { return Vector128.IsHardwareAccelerated; } }

        public int Normalize(int[] exponentials, int count, long sum, int[] probabilities)
        {
            // below 8 classes the portable loop is as quick (measured); a sum below 2^51 keeps every numerator
            // n = e·2^16 + ⌊sum/2⌋ (|e·2^16| ≤ 2^47) below 2^51, as QuotientBits needs
            if (!IsSupported || count < 2 * Lanes || sum <= 0 || sum >= 1L << 51 || exponentials.Length < count || probabilities.Length < count) return 0;
            long half = sum >> 1;
            Vector128<long> halfLanes = Vector128.Create(half);
            Vector128<double> negativeDivisor = Vector128.Create(-(double)sum);
            Vector128<double> reciprocal = Vector128.Create(1.0 / sum);
            // n < 0 ⇔ e·2^16 < −half ⇔ e < −⌊half / 2^16⌋ (e an integer); no int32 e is below a bound under int.MinValue
            Vector128<int> negativeBelow = Vector128.Create((int)System.Math.Max(-(half >> Q.ValueFrac), int.MinValue));
            ref int e0 = ref exponentials[0];
            ref int p0 = ref probabilities[0];
            int i = 0;
            // whole vectors only: in place, an overlapping last one would read probabilities as exponentials
            for (; i + Lanes <= count; i += Lanes)
            {
                Vector128<int> e = Vector128.LoadUnsafe(ref e0, (nuint)i);   // Q1.30
                (Vector128<long> lower, Vector128<long> upper) = Vector128.Widen(e);
                Vector128<double> qLower = QuotientBits(ExactDouble(Vector128.ShiftLeft(lower, Q.ValueFrac) + halfLanes), negativeDivisor, reciprocal);
                Vector128<double> qUpper = QuotientBits(ExactDouble(Vector128.ShiftLeft(upper, Q.ValueFrac) + halfLanes), negativeDivisor, reciprocal);
                // p (Q15.16): the quotient's low 32 bits, as the portable loop's (int) cast takes them
                (Vector128.Narrow(qLower.AsInt64(), qUpper.AsInt64()) ^ Vector128.LessThan(e, negativeBelow)).StoreUnsafe(ref p0, (nuint)i);
            }
            return i;
        }

        public int Exponentials(int[] logits, int offset, int count, int max, int[] exponentials) { return 0; }

        /// <summary>Not twinned here: the core's loop (with this set's Exponentials and Normalize) runs.</summary>
        public bool SoftmaxCrossEntropy(int[] logits, int offset, int count, int label, int[]? gradient, out int loss) { loss = 0; return false; }

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

        public int MeanSquares(int[] gradient, long[] meanSquare, int units, int k)
        {
            int next = 0;
            // below 8 units the portable loop is as quick (measured)
            if (!IsSupported || units < 2 * Lanes || k < 0 || k > 63 || gradient.Length < units || meanSquare.Length < units) return 0;
            ref int g0 = ref gradient[0];
            ref long m0 = ref meanSquare[0];
            Vector128<int> low16 = Vector128.Create(0xFFFF);
            for (; next + Lanes <= units; next += Lanes)
            {
                // g (Q15.16) = h·2^16 + l with h = g >> 16 in [−2^15, 2^15) and l in [0, 2^16): g² (Q.32) = h²·2^32 + h·l·2^17 + l²,
                // each product exact in an int32 lane (h² ≤ 2^30, |h·l| < 2^31, l² < 2^32 as an unsigned): no int64 multiply,
                // which AdvSimd lacks
                Vector128<int> g = Vector128.LoadUnsafe(ref g0, (nuint)next);
                Vector128<int> h = Vector128.ShiftRightArithmetic(g, 16);
                Vector128<int> l = g & low16;
                (Vector128<long> hhLower, Vector128<long> hhUpper) = Vector128.Widen(h * h);
                (Vector128<long> hlLower, Vector128<long> hlUpper) = Vector128.Widen(h * l);
                (Vector128<ulong> llLower, Vector128<ulong> llUpper) = Vector128.Widen((l * l).AsUInt32());
                Vector128<long> squareLower = Vector128.ShiftLeft(hhLower, 32) + Vector128.ShiftLeft(hlLower, 17) + llLower.AsInt64();
                Vector128<long> squareUpper = Vector128.ShiftLeft(hhUpper, 32) + Vector128.ShiftLeft(hlUpper, 17) + llUpper.AsInt64();
                // the mean squares (Q.32) move by (g² − m) >> k, wrapping and rounding down as the portable loop's int64 does
                Vector128<long> mLower = Vector128.LoadUnsafe(ref m0, (nuint)next);
                Vector128<long> mUpper = Vector128.LoadUnsafe(ref m0, (nuint)next + 2);
                (mLower + Vector128.ShiftRightArithmetic(squareLower - mLower, k)).StoreUnsafe(ref m0, (nuint)next);
                (mUpper + Vector128.ShiftRightArithmetic(squareUpper - mUpper, k)).StoreUnsafe(ref m0, (nuint)next + 2);
            }
            return next;
        }

        public int SumAndSquares(short[] input, int count, out long sum, out long squares)
        {
            const int Shorts = 8;
            sum = 0;
            squares = 0;
            if (!IsSupported || count < Shorts || input.Length < count) return 0;
            Vector128<long> sums = Vector128<long>.Zero, squareSums = Vector128<long>.Zero;
            int j = 0;
            for (; j + Shorts <= count; j += Shorts)
            {
                (Vector128<int> lower, Vector128<int> upper) = Vector128.Widen(Vector128.LoadUnsafe(ref input[j]));
                // x² ≤ 2^30: exact in int32, and the sum of two below 2^31 as an unsigned int32
                Vector128<uint> pairs = (lower * lower + upper * upper).AsUInt32();
                (Vector128<ulong> a, Vector128<ulong> b) = Vector128.Widen(pairs);
                squareSums += (a + b).AsInt64();
                (Vector128<long> c, Vector128<long> d) = Vector128.Widen(lower + upper);   // |x_a + x_b| ≤ 2^16
                sums += c + d;
            }
            sum = Vector128.Sum(sums);
            squares = Vector128.Sum(squareSums);
            return j;
        }

        public int NormalizeSteps(int[] gradient, int[] reciprocal, int units)
        {
            int next = 0;
            if (!IsSupported || units < Lanes || gradient.Length < units || reciprocal.Length < units) return 0;
            ref int g0 = ref gradient[0];
            ref int r0 = ref reciprocal[0];
            Vector128<double> clip = Vector128.Create((double)StepControl.ClipQ16);
            for (; next + Lanes <= units; next += Lanes)
            {
                // g Q15.16 times 1/RMS Q.16, >> 16: the normalised step, Q15.16, clipped
                (Vector128<long> gLower, Vector128<long> gUpper) = Vector128.Widen(Vector128.LoadUnsafe(ref g0, (nuint)next));
                (Vector128<long> rLower, Vector128<long> rUpper) = Vector128.Widen(Vector128.LoadUnsafe(ref r0, (nuint)next));
                Vector128<double> cLower = ClippedStep(gLower, rLower, clip), cUpper = ClippedStep(gUpper, rUpper, clip);
                Vector128.Narrow(cLower.AsInt64(), cUpper.AsInt64()).StoreUnsafe(ref g0, (nuint)next);   // the low 32 bits of Magic + c: c
            }
            return next;
        }

        /// <summary>
        /// Magic + clip(⌊g·r / 2^16⌋, ±clip) (see <see cref="Magic"/>) for int32 g and r: a product below 2^53 is exact as a
        /// double, and one that is not is rounded to at least 2^53 (rounding is monotonic), beyond the clip either way.
        /// </summary>
        private static Vector128<double> ClippedStep(Vector128<long> g, Vector128<long> r, Vector128<double> clip)
        {
            // r·2^−16 exactly, saving a multiply: the bits of 1.5·2^36 + r·2^−16 (a binade whose step is 2^−16) are 1.5·2^36's plus r
            const double Magic16 = 1.5 * (1L << 36);
            const long Magic16Bits = 0x4238000000000000;
            Vector128<double> scaled = (r + Vector128.Create(Magic16Bits)).AsDouble() - Vector128.Create(Magic16);
            Vector128<double> c = Vector128.Floor(ExactDouble(g) * scaled);
            // never NaN, never ±0 against the clip: the platforms' own min and max agree
            return Vector128.MinNative(Vector128.MaxNative(c, -clip), clip) + Vector128.Create(Magic);
        }

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

        public int KeepResponding(int[] delta, short[] response, int units)
        {
            const int Shorts = 8;
            if (!IsSupported || units < Shorts || delta.Length < units || response.Length < units) return 0;
            for (int i = 0; ; i += Shorts)
            {
                if (i + Shorts > units) i = units - Shorts;   // the last 8, overlapping: clearing again changes nothing
                (Vector128<int> lower, Vector128<int> upper) = Vector128.Widen(Vector128.LoadUnsafe(ref response[i]));
                (Vector128.LoadUnsafe(ref delta[i]) & ~Vector128.Equals(lower, Vector128<int>.Zero)).StoreUnsafe(ref delta[i]);
                (Vector128.LoadUnsafe(ref delta[i], Lanes) & ~Vector128.Equals(upper, Vector128<int>.Zero)).StoreUnsafe(ref delta[i], Lanes);
                if (i + Shorts >= units) break;
            }
            return units;
        }

        public int EstimateEach(int[] delta, int units, int loss0, int sigma, int[] estimate)
        {
            int next = 0;
            if (!IsSupported || units < Lanes || sigma <= 0 || delta.Length < units || estimate.Length < units) return 0;
            ref int d0 = ref delta[0];
            ref int e0 = ref estimate[0];
            Vector128<int> reference = Vector128.Create(loss0);
            Vector128<double> magicAndReference = Vector128.Create(Magic + loss0);   // exact: |L0| < 2^31
            Vector128<double> negativeDivisor = Vector128.Create(-(double)sigma);
            Vector128<double> reciprocal = Vector128.Create(1.0 / sigma);
            Vector128<double> highest = Vector128.Create(Magic + int.MaxValue);
            for (; next + Lanes <= units; next += Lanes)
            {
                Vector128<int> losses = Vector128.LoadUnsafe(ref e0, (nuint)next);   // L, Q15.16
                (Vector128<long> lower, Vector128<long> upper) = Vector128.Widen(losses);
                // the slope (Q15.16; σ Q15.16 too): min(⌊|n| / σ⌋ − [n < 0], 2^31 − 1), then flipped where n < 0: sat32 of n / σ toward zero, as
                // ~min(k − 1, 2^31 − 1) = −min(k, 2^31). The minimum of the doubles orders their bits (never NaN or ±0).
                Vector128<double> qLower = Vector128.MinNative(QuotientBits(Numerator(lower, magicAndReference), negativeDivisor, reciprocal), highest);
                Vector128<double> qUpper = Vector128.MinNative(QuotientBits(Numerator(upper, magicAndReference), negativeDivisor, reciprocal), highest);
                Vector128<int> slope = Vector128.Narrow(qLower.AsInt64(), qUpper.AsInt64()) ^ Vector128.LessThan(losses, reference);
                // sign(δ) · slope: negated (wrapping for int.MinValue, as the product does) where δ < 0, 0 where δ = 0
                Vector128<int> d = Vector128.LoadUnsafe(ref d0, (nuint)next);
                Vector128<int> negative = Vector128.ShiftRightArithmetic(d, 31);
                (((slope ^ negative) - negative) & ~Vector128.Equals(d, Vector128<int>.Zero)).StoreUnsafe(ref e0, (nuint)next);
            }
            return next;
        }

        /// <summary>(L − L0)·2^16 as an exact double (below 2^48 in magnitude), from Magic + L0: (Magic + L) − (Magic + L0).</summary>
        private static Vector128<double> Numerator(Vector128<long> losses, Vector128<double> magicAndReference)
        {
            return ((losses + Vector128.Create(MagicBits)).AsDouble() - magicAndReference) * Vector128.Create((double)(1 << Q.ValueFrac));
        }

        /// <summary>
        /// 1.5·2^52: the doubles in [2^52, 2^53) are the integers, so for an integer |x| &lt; 2^51 the double Magic + x is
        /// exact and its bits are Magic's plus x (two's complement). Magic's low 32 bits are 0: narrowed to int32, Magic + x
        /// gives x's low 32 bits, as an (int) cast does.
        /// </summary>
        private const double Magic = 6755399441055744.0;
        private const long MagicBits = 0x4338000000000000;

        /// <summary>Integers |x| &lt; 2^51 in int64 lanes as exact doubles: the bits of Magic + x, less Magic (no int64 conversion needed).</summary>
        private static Vector128<double> ExactDouble(Vector128<long> x)
        {
            return (x + Vector128.Create(MagicBits)).AsDouble() - Vector128.Create(Magic);
        }

        /// <summary>
        /// Magic + (⌊|n| / d⌋ − [n &lt; 0]) for integral doubles with |n| &lt; 2^51, 1 ≤ d &lt; 2^51 and |n| / d &lt; 2^48,
        /// given −d and reciprocal = 1/d rounded: narrowed to int32 and flipped (xor −1) where n &lt; 0 it is C#'s quotient
        /// n / d, toward zero, mod 2^32 (~(k − 1) = −k). |n|·reciprocal is within 2^−4 of |n| / d (at most two roundings of
        /// 2^−53 on a quotient below 2^48), so rounded to an integer (Magic's binade has no fraction) it is ⌊|n| / d⌋ or one
        /// more; the remainder |n| − q·d is exact (q·d ≤ |n| + d &lt; 2^52, whether the multiply-add is fused or not) and
        /// negative exactly when q is one more. A multiply and a compare instead of a vector division, as the AVX-512
        /// EstimateEach twin does.
        /// </summary>
        private static Vector128<double> QuotientBits(Vector128<double> n, Vector128<double> negativeDivisor, Vector128<double> reciprocal)
        {
            Vector128<double> magic = Vector128.Create(Magic);
            Vector128<double> magnitude = Vector128.Abs(n);
            Vector128<double> rounded = Vector128.MultiplyAddEstimate(magnitude, reciprocal, magic);
            Vector128<double> remainder = Vector128.MultiplyAddEstimate(rounded - magic, negativeDivisor, magnitude);
            Vector128<long> tooHigh = Vector128.LessThan(remainder, Vector128<double>.Zero).AsInt64();   // −1 or 0
            Vector128<long> negative = Vector128.LessThan(n, Vector128<double>.Zero).AsInt64();
            return (rounded.AsInt64() + tooHigh + negative).AsDouble();
        }

        public int ColumnLosses(int[] clean, short[] weights, int weightExponent, int classes, int units, short[] response, int label, int[] losses,
                                int[]? cleanGradient, out int cleanLoss) { cleanLoss = 0; return -1; }
    }
}
