using Edge.Core.Numerics;

namespace Edge.Core.Kernels
{
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
            SubtractColumns(masters, o, pairedInputs, count, pairs, pairStride, pairCount, shift, 0);
        }

        /// <summary>Columns <paramref name="first"/>.. of row o (twins hand over the columns past their last whole vector).</summary>
        public void SubtractColumns(int[] masters, int o, int[] pairedInputs, int count, int[] pairs, int pairStride, int pairCount, int shift, int first)
        {
            int rowStart = o * count;
            for (int j = first; j < count; j++)
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

        public bool RoundToInt16(int[] masters, short[] values, int shift)
        {
            return RoundRest(0, masters, values, 0, shift);
        }

        /// <summary>
        /// The twins' end of <see cref="RoundToInt16"/>: rounds values [from, values.Length), and returns whether they or the
        /// values before them, whose largest rounded magnitude was <paramref name="largestMagnitude"/>, reach the range's end.
        /// </summary>
        public static bool RoundRest(int largestMagnitude, int[] masters, short[] values, int from, int shift)
        {
            bool reached = Sat.AtInt16End(largestMagnitude);
            for (int i = from; i < values.Length; i++)
            {
                short value = Sat.ShiftRound16(masters[i], shift);
                values[i] = value;
                reached |= Sat.AtInt16End(value);
            }
            return reached;
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
