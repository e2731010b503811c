using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Edge.Core.Kernels;
using Edge.Core.Numerics;

namespace Edge.Accelerated
{
    /// <summary>
    /// Cross-platform (Vector128: ARM64 AdvSimd, x86 SSE) twin of <see cref="DenseQ3_12"/>, bit-identical to it: eight
    /// int16 pairs a step are widened to int32 and multiplied (|w·x| ≤ 2^30: exact), and each lane keeps
    /// L = Σ p (wrapping) and H = Σ (p &gt;&gt; 16) (exact). Σ p − 2^16·Σ H = Σ (p &amp; 0xFFFF) lies in [0, 2^32) for fewer
    /// than 2^16 terms, so it is recovered from the wrapped L − 2^16·H as an unsigned number, and the int64 accumulator
    /// is 2^16·Σ H plus that: the same integer as the portable loop's (the recovery of <see cref="DenseQ3_12Avx512"/>).
    /// The last inCount mod 8 pairs are summed one by one; round-and-saturate is the shared <see cref="Sat.ShiftRound32"/>.
    /// </summary>
    public sealed class DenseQ3_12Vector128 : IDenseKernel
    {
        public static readonly DenseQ3_12Vector128 Instance = new DenseQ3_12Vector128();

        private const int Block = 8;

        public static bool IsSupported { get { return Vector128.IsHardwareAccelerated; } }

        public void Forward(short[] weights, short[] bias, int weightExponent, short[] input, int inFrac, int inCount, int outCount, int[] preActivation)
        {
            if (!IsSupported || inCount < Block || inCount >= 1 << 16)
            {
                DenseQ3_12.Forward(weights, bias, weightExponent, input, inFrac, inCount, outCount, preActivation);
                return;
            }
            if (weights.Length < inCount * outCount || input.Length < inCount || bias.Length < outCount || preActivation.Length < outCount)
                throw new System.ArgumentException("arrays shorter than the layer");
            int shift = Q.WeightFrac - weightExponent + inFrac - Q.ValueFrac;
            int whole = inCount - inCount % Block;
            ref short x0 = ref input[0];
            ref short w0 = ref weights[0];
            for (int o = 0; o < outCount; o++)
            {
                nuint row = (nuint)(o * inCount);
                Vector128<int> low = Vector128<int>.Zero, high = Vector128<int>.Zero;
                for (int i = 0; i < whole; i += Block)
                {
                    (Vector128<int> wl, Vector128<int> wu) = Vector128.Widen(Vector128.LoadUnsafe(ref w0, row + (nuint)i));
                    (Vector128<int> xl, Vector128<int> xu) = Vector128.Widen(Vector128.LoadUnsafe(ref x0, (nuint)i));
                    Vector128<int> p0 = wl * xl, p1 = wu * xu;
                    low += p0 + p1;
                    high += Vector128.ShiftRightArithmetic(p0, 16) + Vector128.ShiftRightArithmetic(p1, 16);
                }
                int sumHigh = Vector128.Sum(high);   // |Σ H| ≤ inCount · 2^14: exact
                long acc = ((long)bias[o] << inFrac) + ((long)sumHigh << 16) + (uint)(Vector128.Sum(low) - (sumHigh << 16));
                for (int i = whole; i < inCount; i++) acc += Unsafe.Add(ref w0, row + (nuint)i) * Unsafe.Add(ref x0, i);
                preActivation[o] = Sat.ShiftRound32(acc, shift);
            }
        }
    }
}
