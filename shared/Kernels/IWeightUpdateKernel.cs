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
        ///   a = Σ_{q &lt; pairCount} (lo(P) · lo(X) + hi(P) · hi(X)),  P = pairs[q·pairStride + o], X = pairedInputs[q·count + j],
        /// where lo and hi are the signed low and high 16 bits of an int32: two samples' int16 mantissas
        /// of the row, and the same two samples' int16 inputs. a is exact (int64); the shift rounds to
        /// nearest, ties up, as <see cref="Sat.ShiftRound"/> does (a shift ≤ 0 is a saturating left shift).
        /// Mantissas are within ±32767, so each pair's sum is an exact int32.
        /// </summary>
        void SubtractPairedProducts(int[] masters, int[] pairedInputs, int count, int rows, int pairCount, int[] pairs, int pairStride, int[] shifts);

        /// <summary>
        /// The per-unit half of applying a batch, whose steps c_b,o are steps[b·units + o] for
        /// b &lt; 2·pairCount (Q.32). For each unit o, with C = max_b |c_b,o|:
        ///   C = 0: shifts[o] = <see cref="PortableWeightUpdateKernel.NoChange"/>, nothing else changes;
        ///   otherwise e = the smallest exponent ≥ 0 with round(C / 2^e) ≤ 32767 (15-bit mantissas),
        ///   m_b = round(c_b,o / 2^e) (to nearest, ties up), pairs[q·units + o] = {m_2q (low 16 bits), m_2q+1 (high)},
        ///   shifts[o] = shiftBase − e, and biases[o] = sat32(biases[o] − round(Σ_b c_b,o / 2^biasShift)).
        /// |c| &lt; 2^55 (so the sums cannot overflow); biasShift ≥ 1.
        /// </summary>
        void PrepareRows(long[] steps, int units, int pairCount, int[] biases, int biasShift, int shiftBase, int[] pairs, int[] shifts);

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
                SubtractRow(masters, o, pairedInputs, count, pairs, pairStride, pairCount, shift);
            }
        }

        /// <summary>Row o of <see cref="SubtractPairedProducts"/> (twins hand over the rows they do not handle).</summary>
        public void SubtractRow(int[] masters, int o, int[] pairedInputs, int count, int[] pairs, int pairStride, int pairCount, int shift)
        {
            int rowStart = o * count;
            for (int j = 0; j < count; j++)
            {
                long a = 0;
                for (int q = 0; q < pairCount; q++)
                {
                    int p = pairs[q * pairStride + o];
                    int x = pairedInputs[q * count + j];
                    a += (short)p * (short)x + (p >> 16) * (x >> 16);
                }
                masters[rowStart + j] = Sat.ToInt32(masters[rowStart + j] - Sat.ShiftRound(a, shift));
            }
        }

        public void PrepareRows(long[] steps, int units, int pairCount, int[] biases, int biasShift, int shiftBase, int[] pairs, int[] shifts)
        {
            for (int o = 0; o < units; o++) PrepareRow(steps, units, pairCount, biases, biasShift, shiftBase, pairs, shifts, o);
        }

        /// <summary>Unit o of <see cref="PrepareRows"/> (twins hand over the units they do not handle).</summary>
        public void PrepareRow(long[] steps, int units, int pairCount, int[] biases, int biasShift, int shiftBase, int[] pairs, int[] shifts, int o)
        {
            long largest = 0;
            long sum = 0;
            for (int b = 0; b < 2 * pairCount; b++)
            {
                long c = steps[b * units + o];
                sum += c;
                long sign = c >> 63;
                long above = ((c ^ sign) - sign) - largest;
                largest += above & ~(above >> 63);   // max(largest, |c|), without a branch on data
            }
            if (largest == 0) { shifts[o] = NoChange; return; }
            biases[o] = Sat.ToInt32(biases[o] - Sat.ShiftRound(sum, biasShift));
            // below bitLength(C) − 15 the mantissa would need 16 bits; at it, rounding may still reach 32768
            int e = BitLength.Of((ulong)largest) - 15;
            e &= ~(e >> 31);
            if (((largest + ((1L << e) >> 1)) >> e) > short.MaxValue) e++;
            long half = (1L << e) >> 1;
            for (int q = 0; q < pairCount; q++)
            {
                // |m| ≤ round(C / 2^e) ≤ 32767: rounding ties up never enlarges a negative value's magnitude
                long m0 = (steps[(2 * q) * units + o] + half) >> e;
                long m1 = (steps[(2 * q + 1) * units + o] + half) >> e;
                pairs[q * units + o] = (int)(m0 & 0xFFFF) | (int)(m1 << 16);
            }
            shifts[o] = shiftBase - e;
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
            for (int o = 0; o < count; o++)
                steps[start + o] = Sat.ShiftTowardZero((long)learningRateQ16 * gradient[o], batchShift);
        }
    }
}
