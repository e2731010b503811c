using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Edge.Core.Kernels;
using Edge.Core.Numerics;

namespace Edge.Accelerated
{
    /// <summary>
    /// x86 AVX-512BW twin of <see cref="DenseQ3_12"/>, bit-identical to it.
    ///
    /// vpmaddwd turns 32 int16 pairs (W Q3.12 · x Q0.15 or Q4.11) into 16 exact int32 pair sums p.
    /// Instead of widening every p to int64 (the AVX2 twin's cost), each lane keeps two int32 sums:
    /// L = Σ p (wrapping) and H = Σ (p &gt;&gt; 16) (exact: |p &gt;&gt; 16| ≤ 2^15). Then
    /// Σ p − 2^16·Σ H = Σ (p &amp; 0xFFFF) lies in [0, 2^32) for up to 2^16 terms, so it is
    /// recovered exactly from the wrapped L − (H &lt;&lt; 16) as an unsigned number, and the int64
    /// accumulator is 2^16·Σ H plus that: the same integer as the portable loop's. Four rows share
    /// each load of x. Round-and-saturate is the shared <see cref="Sat.ShiftRound32"/>.
    ///
    /// vpmaddwd overflows only for (−32768)·(−32768) twice in one pair, so inputs holding −32768
    /// (impossible after ReLU or for ADC inputs) go to the AVX2 twin, which sends them on to the
    /// Vector128 twin.
    /// </summary>
    public sealed class DenseQ3_12Avx512 : IDenseKernel
    {
        public static readonly DenseQ3_12Avx512 Instance = new DenseQ3_12Avx512();

        private const int Block = 32;   // int16 pairs per vpmaddwd on 512 bits

        public static bool IsSupported
        {
            get { return Avx512BW.IsSupported && Vector512.IsHardwareAccelerated; }
        }

        public void Forward(short[] weights, short[] bias, int weightExponent, short[] input, int inFrac, int inCount, int outCount, int[] preActivation)
        {
            // Below 64 inputs the AVX2 twin is as fast (measured); the exact recovery holds up to 2048 blocks per
            // row (Network caps fan-in at 4096 anyway).
            if (!IsSupported || inCount < 2 * Block || inCount >= Block * 2047 || ContainsMinValue(input, inCount))
            {
                DenseQ3_12Avx2.Instance.Forward(weights, bias, weightExponent, input, inFrac, inCount, outCount, preActivation);
                return;
            }
            if (weights.Length < inCount * outCount || input.Length < inCount || bias.Length < outCount || preActivation.Length < outCount)
                throw new System.ArgumentException("arrays shorter than the layer");
            int shift = Q.WeightFrac - weightExponent + inFrac - Q.ValueFrac;
            int blocks = inCount / Block;
            // A fan-in that is not a multiple of 32 ends with one more block that overlaps the last
            // full one: the 32 pairs ending at the row's end, with the inputs already counted zeroed.
            int tail = inCount - blocks * Block;
            nuint tailStart = (nuint)(inCount - Block);
            Vector512<short> tailInput = Vector512<short>.Zero;
            if (tail > 0)
            {
                Vector512<short> lane = Vector512<short>.Indices;
                tailInput = Vector512.ConditionalSelect(Vector512.GreaterThanOrEqual(lane, Vector512.Create((short)(Block - tail))),
                                                        Vector512.LoadUnsafe(ref input[0], tailStart), Vector512<short>.Zero);
            }
            ref short x0 = ref input[0];
            ref short w0 = ref weights[0];
            int o = 0;
            for (; o + 4 <= outCount; o += 4)
            {
                nuint r0 = (nuint)(o * inCount);
                nuint r1 = r0 + (nuint)inCount;
                nuint r2 = r1 + (nuint)inCount;
                nuint r3 = r2 + (nuint)inCount;
                Vector512<int> l0 = Vector512<int>.Zero, h0 = Vector512<int>.Zero;
                Vector512<int> l1 = Vector512<int>.Zero, h1 = Vector512<int>.Zero;
                Vector512<int> l2 = Vector512<int>.Zero, h2 = Vector512<int>.Zero;
                Vector512<int> l3 = Vector512<int>.Zero, h3 = Vector512<int>.Zero;
                for (int b = 0; b < blocks; b++)
                {
                    // written out by hand: accumulators passed by ref would live in memory
                    nuint i = (nuint)(b * Block);
                    Vector512<short> vx = Vector512.LoadUnsafe(ref x0, i);
                    Vector512<int> p0 = Avx512BW.MultiplyAddAdjacent(Vector512.LoadUnsafe(ref w0, r0 + i), vx);
                    Vector512<int> p1 = Avx512BW.MultiplyAddAdjacent(Vector512.LoadUnsafe(ref w0, r1 + i), vx);
                    Vector512<int> p2 = Avx512BW.MultiplyAddAdjacent(Vector512.LoadUnsafe(ref w0, r2 + i), vx);
                    Vector512<int> p3 = Avx512BW.MultiplyAddAdjacent(Vector512.LoadUnsafe(ref w0, r3 + i), vx);
                    l0 += p0; h0 += Avx512F.ShiftRightArithmetic(p0, 16);
                    l1 += p1; h1 += Avx512F.ShiftRightArithmetic(p1, 16);
                    l2 += p2; h2 += Avx512F.ShiftRightArithmetic(p2, 16);
                    l3 += p3; h3 += Avx512F.ShiftRightArithmetic(p3, 16);
                }
                if (tail > 0)
                {
                    Vector512<int> p0 = Avx512BW.MultiplyAddAdjacent(Vector512.LoadUnsafe(ref w0, r0 + tailStart), tailInput);
                    Vector512<int> p1 = Avx512BW.MultiplyAddAdjacent(Vector512.LoadUnsafe(ref w0, r1 + tailStart), tailInput);
                    Vector512<int> p2 = Avx512BW.MultiplyAddAdjacent(Vector512.LoadUnsafe(ref w0, r2 + tailStart), tailInput);
                    Vector512<int> p3 = Avx512BW.MultiplyAddAdjacent(Vector512.LoadUnsafe(ref w0, r3 + tailStart), tailInput);
                    l0 += p0; h0 += Avx512F.ShiftRightArithmetic(p0, 16);
                    l1 += p1; h1 += Avx512F.ShiftRightArithmetic(p1, 16);
                    l2 += p2; h2 += Avx512F.ShiftRightArithmetic(p2, 16);
                    l3 += p3; h3 += Avx512F.ShiftRightArithmetic(p3, 16);
                }
                // one joint horizontal reduction for the four rows, then the exact int64 per row
                Vector128<int> sumsHigh = SumFour(h0, h1, h2, h3);
                Vector128<int> sumsLow = SumFour(l0, l1, l2, l3);
                Vector128<int> lowParts = sumsLow - Vector128.ShiftLeft(sumsHigh, 16);
                preActivation[o] = Finish(sumsHigh.GetElement(0), lowParts.GetElement(0), bias[o], inFrac, shift);
                preActivation[o + 1] = Finish(sumsHigh.GetElement(1), lowParts.GetElement(1), bias[o + 1], inFrac, shift);
                preActivation[o + 2] = Finish(sumsHigh.GetElement(2), lowParts.GetElement(2), bias[o + 2], inFrac, shift);
                preActivation[o + 3] = Finish(sumsHigh.GetElement(3), lowParts.GetElement(3), bias[o + 3], inFrac, shift);
            }
            for (; o < outCount; o++)
            {
                nuint r = (nuint)(o * inCount);
                Vector512<int> l = Vector512<int>.Zero, h = Vector512<int>.Zero;
                for (int b = 0; b < blocks; b++)
                {
                    nuint i = (nuint)(b * Block);
                    Vector512<int> p = Avx512BW.MultiplyAddAdjacent(Vector512.LoadUnsafe(ref w0, r + i), Vector512.LoadUnsafe(ref x0, i));
                    l += p;
                    h += Avx512F.ShiftRightArithmetic(p, 16);
                }
                if (tail > 0)
                {
                    Vector512<int> p = Avx512BW.MultiplyAddAdjacent(Vector512.LoadUnsafe(ref w0, r + tailStart), tailInput);
                    l += p;
                    h += Avx512F.ShiftRightArithmetic(p, 16);
                }
                int sumHigh = Vector512.Sum(h);
                preActivation[o] = Finish(sumHigh, Vector512.Sum(l) - (sumHigh << 16), bias[o], inFrac, shift);
            }
        }

        /// <summary>Lane sums of four vectors, wrapping: { Σa, Σb, Σc, Σd }.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector128<int> SumFour(Vector512<int> a, Vector512<int> b, Vector512<int> c, Vector512<int> d)
        {
            Vector256<int> ab = Avx2.HorizontalAdd(a.GetLower() + a.GetUpper(), b.GetLower() + b.GetUpper());
            Vector256<int> cd = Avx2.HorizontalAdd(c.GetLower() + c.GetUpper(), d.GetLower() + d.GetUpper());
            Vector256<int> abcd = Avx2.HorizontalAdd(ab, cd);
            return abcd.GetLower() + abcd.GetUpper();
        }

        /// <summary>
        /// The exact int64 accumulator from ΣH and the wrapped ΣL − 2^16·ΣH, rounded and saturated.
        /// |Σ H| ≤ 16 lanes · 2048 blocks · 2^15 = 2^30 is exact in int32, and
        /// Σ (p &amp; 0xFFFF) &lt; 16 · 2048 · 2^16 = 2^31 is what ΣL − 2^16·ΣH leaves modulo 2^32.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static int Finish(int sumHigh, int wrappedLowParts, short bias, int inFrac, int shift)
        {
            long acc = ((long)bias << inFrac) + ((long)sumHigh << 16) + (uint)wrappedLowParts;
            return Sat.ShiftRound32(acc, shift);
        }

        private static bool ContainsMinValue(short[] input, int count)
        {
            int i = 0;
            Vector512<short> min = Vector512.Create(short.MinValue);
            ref short x0 = ref input[0];
            for (; i + Block <= count; i += Block)
                if (Vector512.EqualsAny(Vector512.LoadUnsafe(ref x0, (nuint)i), min)) return true;
            for (; i < count; i++)
                if (input[i] == short.MinValue) return true;
            return false;
        }
    }
}
