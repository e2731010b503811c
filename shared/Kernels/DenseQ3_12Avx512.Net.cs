using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Edge.Core.Numerics;

namespace Edge.Core.Kernels
{
    /// <summary>
    /// Host-only (net10.0, x86 AVX-512BW) twin of <see cref="DenseQ3_12"/>, bit-identical to it.
    ///
    /// vpmaddwd turns 32 int16 pairs (W Q3.12 · x Q0.15 or Q4.11) into 16 exact int32 pair sums p.
    /// Instead of widening every p to int64 (the AVX2 twin's cost), each lane keeps two int32 sums:
    /// L = Σ p (wrapping) and H = Σ (p &gt;&gt; 16) (exact: |p &gt;&gt; 16| ≤ 2^15). Then
    /// Σ p − 2^16·Σ H = Σ (p &amp; 0xFFFF) lies in [0, 2^32) for fewer than 2^16 terms, so it is
    /// recovered exactly from the wrapped L − (H &lt;&lt; 16) as an unsigned number, and the int64
    /// accumulator is 2^16·Σ H plus that: the same integer as the portable loop's. Four rows share
    /// each load of x. Round-and-saturate is the shared <see cref="Sat.ShiftRound32"/>.
    ///
    /// vpmaddwd overflows only for (−32768)·(−32768) twice in one pair, so inputs holding −32768
    /// (impossible after ReLU or for ADC inputs) go to the AVX2 twin, which sends them on to the
    /// portable kernel.
    /// </summary>
    public sealed class DenseQ3_12Avx512 : IDenseKernel
    {
        public static readonly DenseQ3_12Avx512 Instance = new DenseQ3_12Avx512();

        private const int Block = 32;   // int16 pairs per vpmaddwd on 512 bits

        public static bool IsSupported
        {
            get { return Avx512BW.IsSupported && Vector512.IsHardwareAccelerated; }
        }

        public void Forward(short[] weights, short[] bias, short[] input, int inFrac, int inCount, int outCount, int[] preActivation)
        {
            // 2^16 terms is the bound of the exact recovery; Network caps fan-in at 4096 anyway.
            if (!IsSupported || inCount >= Block * 2048 || ContainsMinValue(input, inCount))
            {
                DenseQ3_12Avx2.Instance.Forward(weights, bias, input, inFrac, inCount, outCount, preActivation);
                return;
            }
            if (weights.Length < inCount * outCount || input.Length < inCount || bias.Length < outCount || preActivation.Length < outCount)
                throw new System.ArgumentException("arrays shorter than the layer");
            int shift = Q.WeightFrac + inFrac - Q.ValueFrac;
            int blocks = inCount / Block;
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
                    nuint i = (nuint)(b * Block);
                    Vector512<short> vx = Vector512.LoadUnsafe(ref x0, i);
                    Accumulate(Vector512.LoadUnsafe(ref w0, r0 + i), vx, ref l0, ref h0);
                    Accumulate(Vector512.LoadUnsafe(ref w0, r1 + i), vx, ref l1, ref h1);
                    Accumulate(Vector512.LoadUnsafe(ref w0, r2 + i), vx, ref l2, ref h2);
                    Accumulate(Vector512.LoadUnsafe(ref w0, r3 + i), vx, ref l3, ref h3);
                }
                preActivation[o] = Finish(l0, h0, weights, (int)r0, bias[o], input, inFrac, inCount, blocks, shift);
                preActivation[o + 1] = Finish(l1, h1, weights, (int)r1, bias[o + 1], input, inFrac, inCount, blocks, shift);
                preActivation[o + 2] = Finish(l2, h2, weights, (int)r2, bias[o + 2], input, inFrac, inCount, blocks, shift);
                preActivation[o + 3] = Finish(l3, h3, weights, (int)r3, bias[o + 3], input, inFrac, inCount, blocks, shift);
            }
            for (; o < outCount; o++)
            {
                nuint r = (nuint)(o * inCount);
                Vector512<int> l = Vector512<int>.Zero, h = Vector512<int>.Zero;
                for (int b = 0; b < blocks; b++)
                {
                    nuint i = (nuint)(b * Block);
                    Accumulate(Vector512.LoadUnsafe(ref w0, r + i), Vector512.LoadUnsafe(ref x0, i), ref l, ref h);
                }
                preActivation[o] = Finish(l, h, weights, (int)r, bias[o], input, inFrac, inCount, blocks, shift);
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void Accumulate(Vector512<short> w, Vector512<short> x, ref Vector512<int> low, ref Vector512<int> high)
        {
            Vector512<int> pairs = Avx512BW.MultiplyAddAdjacent(w, x);
            low += pairs;
            high += Vector512.ShiftRightArithmetic(pairs, 16);
        }

        /// <summary>Exact int64 accumulator from the lane sums, plus the scalar tail, rounded and saturated.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static int Finish(Vector512<int> low, Vector512<int> high, short[] weights, int rowStart, short bias,
                                  short[] input, int inFrac, int inCount, int blocks, int shift)
        {
            // |Σ H| ≤ 16 lanes · 2048 blocks · 2^15 = 2^30: exact in int32. Σ L wraps, and
            // Σ (p & 0xFFFF) < 16 · 2048 · 2^16 = 2^31 is what L − 2^16·H leaves modulo 2^32.
            int sumHigh = Vector512.Sum(high);
            int sumLow = Vector512.Sum(low);
            uint lowParts = unchecked((uint)(sumLow - (sumHigh << 16)));
            long acc = ((long)bias << inFrac) + ((long)sumHigh << 16) + lowParts;
            for (int i = blocks * Block; i < inCount; i++)
                acc += weights[rowStart + i] * input[i];
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
