using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Edge.Core.Kernels;
using Edge.Core.Numerics;

namespace Edge.Accelerated
{
    /// <summary>
    /// x86 AVX2 twin of <see cref="DenseQ3_12"/>, bit-identical to it:
    /// vpmaddwd multiplies 16 int16 pairs and adds neighbours into 8 int32 lanes, which are widened to
    /// int64 before they are summed, so the int64 accumulator is the same exact integer sum as the
    /// portable loop's and the final round-and-saturate is shared.
    ///
    /// vpmaddwd can overflow in one case only: both products of a pair are (−32768)·(−32768). Inputs
    /// holding −32768 (impossible after ReLU or for ADC inputs) send the call to the Vector128 twin.
    /// </summary>
    public sealed class DenseQ3_12Avx2 : IDenseKernel
    {
        public static readonly DenseQ3_12Avx2 Instance = new DenseQ3_12Avx2();

        public static bool IsSupported { get { return Avx2.IsSupported; } }

        public void Forward(short[] weights, short[] bias, int weightExponent, short[] input, int inFrac, int inCount, int outCount, int[] preActivation)
        {
            if (!Avx2.IsSupported || ContainsMinValue(input, inCount))
            {
                DenseQ3_12Vector128.Instance.Forward(weights, bias, weightExponent, input, inFrac, inCount, outCount, preActivation);
                return;
            }
            int shift = Q.WeightFrac - weightExponent + inFrac - Q.ValueFrac;
            ref short x0 = ref input[0];
            for (int o = 0; o < outCount; o++)
            {
                int row = o * inCount;
                long acc = ((long)bias[o] << inFrac) + Dot(ref weights[row], ref x0, inCount);
                preActivation[o] = Sat.ShiftRound32(acc, shift);
            }
        }

        /// <summary>Exact Σ w[i]·x[i] over count int16 pairs, in int64.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static long Dot(ref short w, ref short x, int count)
        {
            Vector256<long> accLow = Vector256<long>.Zero;
            Vector256<long> accHigh = Vector256<long>.Zero;
            int i = 0;
            for (; i + 16 <= count; i += 16)
            {
                Vector256<short> vw = Vector256.LoadUnsafe(ref w, (nuint)i);
                Vector256<short> vx = Vector256.LoadUnsafe(ref x, (nuint)i);
                Vector256<int> pairs = Avx2.MultiplyAddAdjacent(vw, vx);
                accLow = Avx2.Add(accLow, Avx2.ConvertToVector256Int64(pairs.GetLower()));
                accHigh = Avx2.Add(accHigh, Avx2.ConvertToVector256Int64(pairs.GetUpper()));
            }
            long sum = Vector256.Sum(Avx2.Add(accLow, accHigh));
            for (; i < count; i++)
                sum += Unsafe.Add(ref w, i) * Unsafe.Add(ref x, i);
            return sum;
        }

        private static bool ContainsMinValue(short[] input, int count)
        {
            for (int i = 0; i < count; i++)
                if (input[i] == short.MinValue) return true;
            return false;
        }
    }
}
