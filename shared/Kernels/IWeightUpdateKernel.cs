using Edge.Core.Numerics;

namespace Edge.Core.Kernels
{
    /// <summary>
    /// The two loops of a master-weight update (<c>Edge.Core.Learning.MasterWeights</c>). The portable
    /// kernel is the reference; a host may substitute an accelerated twin that must be bit-identical.
    /// </summary>
    public interface IWeightUpdateKernel
    {
        /// <summary>
        /// A mini-batch's steps, applied at once: for each row o in [0, rows) whose shift is not
        /// <see cref="PortableWeightUpdateKernel.NoChange"/>, and each j in [0, count),
        ///   masters[o·count + j] = sat32(masters[o·count + j] − round(a / 2^shifts[o])),
        ///   a = Σ_{q &lt; pairCount} (lo(P) · lo(X) + hi(P) · hi(X)),  P = pairs[o·pairStride + q], X = pairedInputs[q·count + j],
        /// where lo and hi are the signed low and high 16 bits of an int32: two samples' int16 mantissas
        /// of the row, and the same two samples' int16 inputs. a is exact (int64); the shift rounds to
        /// nearest, ties up, as <see cref="Sat.ShiftRound"/> does (a shift ≤ 0 is a saturating left shift).
        /// Mantissas are within ±32767, so each pair's sum is an exact int32.
        /// </summary>
        void SubtractPairedProducts(int[] masters, int[] pairedInputs, int count, int rows, int pairCount, int[] pairs, int pairStride, int[] shifts);

        /// <summary>values[i] = sat16(round(masters[i] / 2^shift)) for every i of <paramref name="values"/>.</summary>
        void RoundToInt16(int[] masters, short[] values, int shift);

        /// <summary>
        /// Puts a sample's int16 inputs into a pair: pairedInputs[rowStart + j] = x[j] as its low 16
        /// bits (the pair's first sample; high bits cleared), or OR-ed in as its high 16 bits (the second).
        /// </summary>
        void PackInput(short[] input, int count, int[] pairedInputs, int rowStart, bool high);

        /// <summary>
        /// steps[start + o] = lr · g[o] / 2^batchShift in Q.32 (lr and g in Q15.16), rounded toward zero
        /// like a division by the batch size 2^batchShift.
        /// </summary>
        void ScaleSteps(int[] gradient, int count, int learningRateQ16, int batchShift, long[] steps, int start);
    }

    /// <summary>The portable reference behind <see cref="IWeightUpdateKernel"/>.</summary>
    public sealed class PortableWeightUpdateKernel : IWeightUpdateKernel
    {
        public static readonly PortableWeightUpdateKernel Instance = new PortableWeightUpdateKernel();

        /// <summary>The shift of a row that does not move (every step of the batch was 0).</summary>
        public const int NoChange = int.MinValue;

        public void SubtractPairedProducts(int[] masters, int[] pairedInputs, int count, int rows, int pairCount, int[] pairs, int pairStride, int[] shifts)
        {
            for (int o = 0; o < rows; o++)
            {
                int shift = shifts[o];
                if (shift == NoChange) continue;
                SubtractRow(masters, o * count, pairedInputs, count, pairs, o * pairStride, pairCount, shift);
            }
        }

        /// <summary>One row of <see cref="SubtractPairedProducts"/> (twins hand over the rows they do not handle).</summary>
        public void SubtractRow(int[] masters, int rowStart, int[] pairedInputs, int count, int[] pairs, int pairStart, int pairCount, int shift)
        {
            for (int j = 0; j < count; j++)
            {
                long a = 0;
                for (int q = 0; q < pairCount; q++)
                {
                    int p = pairs[pairStart + q];
                    int x = pairedInputs[q * count + j];
                    a += (short)p * (short)x + (p >> 16) * (x >> 16);
                }
                masters[rowStart + j] = Sat.ToInt32(masters[rowStart + j] - Sat.ShiftRound(a, shift));
            }
        }

        public void RoundToInt16(int[] masters, short[] values, int shift)
        {
            for (int i = 0; i < values.Length; i++) values[i] = Sat.ShiftRound16(masters[i], shift);
        }

        public void PackInput(short[] input, int count, int[] pairedInputs, int rowStart, bool high)
        {
            if (high)
                for (int j = 0; j < count; j++) pairedInputs[rowStart + j] |= input[j] << 16;
            else
                for (int j = 0; j < count; j++) pairedInputs[rowStart + j] = (ushort)input[j];
        }

        public void ScaleSteps(int[] gradient, int count, int learningRateQ16, int batchShift, long[] steps, int start)
        {
            long roundUp = (1L << batchShift) - 1;
            for (int o = 0; o < count; o++)
            {
                long product = (long)learningRateQ16 * gradient[o];
                steps[start + o] = (product + ((product >> 63) & roundUp)) >> batchShift;
            }
        }
    }
}
