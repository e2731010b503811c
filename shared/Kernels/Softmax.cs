using Edge.Core.Numerics;

namespace Edge.Core.Kernels
{
    /// <summary>
    /// Softmax at temperature T, numerically stable: p_i = e^((z_i − max z)/T) / Σ_j e^((z_j − max z)/T).
    /// Logits and T in Q15.16 (T &gt; 0), probabilities in Q15.16 (they sum to 1.0 within a few LSB).
    /// Exponentials by <see cref="FixedExp"/>, each in Q1.30 (the largest term is exactly 2^30, so the
    /// sum is at least 2^30 and the division never loses the winner). Allocation-free.
    /// </summary>
    public static class Softmax
    {
        /// <summary>Fills <paramref name="probabilities"/>[0..count) and returns Σ e_i in Q1.30 (for log-softmax).</summary>
        public static long Forward(int[] logits, int offset, int count, int temperatureQ16, int[] probabilities)
        {
            return Forward(logits, offset, count, temperatureQ16, probabilities, NoVectorLoops.Instance);
        }

        /// <summary>As above, with a host's vector twin of <see cref="Normalize"/>'s loop.</summary>
        public static long Forward(int[] logits, int offset, int count, int temperatureQ16, int[] probabilities, IVectorLoops loops)
        {
            long sum = Exponentials(logits, offset, count, temperatureQ16, probabilities);
            Normalize(probabilities, count, sum, probabilities, loops);
            return sum;
        }

        /// <summary>
        /// p_i = round(e_i / Σ) in Q15.16 for exponentials e in Q1.30 and their sum Σ &gt; 0 (in place is
        /// fine), one by one.
        /// </summary>
        public static void Normalize(int[] exponentials, int count, long sum, int[] probabilities)
        {
            Normalize(exponentials, count, sum, probabilities, NoVectorLoops.Instance);
        }

        /// <summary>As above, after a host's vector twin (<see cref="IVectorLoops.Normalize"/>) has done the classes it can.</summary>
        public static void Normalize(int[] exponentials, int count, long sum, int[] probabilities, IVectorLoops loops)
        {
            int done = loops.Normalize(exponentials, count, sum, probabilities);
            long half = sum >> 1;
            for (int i = done; i < count; i++)
                probabilities[i] = (int)((((long)exponentials[i] << Q.ValueFrac) + half) / sum);
        }

        /// <summary>
        /// Writes e^((z_i − max)/T) in Q1.30 into <paramref name="exponentials"/> and returns their sum.
        /// </summary>
        public static long Exponentials(int[] logits, int offset, int count, int temperatureQ16, int[] exponentials)
        {
            int max;
            return Exponentials(logits, offset, count, temperatureQ16, exponentials, out max);
        }

        /// <summary>As above, also giving the largest logit (log-softmax needs it).</summary>
        public static long Exponentials(int[] logits, int offset, int count, int temperatureQ16, int[] exponentials, out int max)
        {
            return Exponentials(logits, offset, count, temperatureQ16, exponentials, out max, NoVectorLoops.Instance);
        }

        /// <summary>As above, after a host's vector twin (<see cref="IVectorLoops.Exponentials"/>) has done the classes it can at temperature 1.</summary>
        public static long Exponentials(int[] logits, int offset, int count, int temperatureQ16, int[] exponentials, out int max, IVectorLoops loops)
        {
            max = Max(logits, offset, count);
            long sum = 0;
            int done = temperatureQ16 == Q.One16 ? loops.Exponentials(logits, offset, count, max, exponentials) : 0;
            for (int i = 0; i < done; i++) sum += exponentials[i];
            for (int i = done; i < count; i++)
            {
                int e = FixedExp.ExpQ30(ScaledDifference(logits[offset + i], max, temperatureQ16));
                exponentials[i] = e;
                sum += e;
            }
            return sum;
        }

        /// <summary>
        /// The largest of logits[offset..offset+count), without branches: which logit is the largest
        /// changes from sample to sample.
        /// </summary>
        private static int Max(int[] logits, int offset, int count)
        {
            int max = logits[offset];
            for (int i = 1; i < count; i++)
            {
                long above = (long)logits[offset + i] - max;
                max += (int)(above & ~(above >> 63));   // max + max(0, z − max)
            }
            return max;
        }

        /// <summary>(z − max) / T in Q15.16, rounded toward zero; ≤ 0.</summary>
        public static long ScaledDifference(int z, int max, int temperatureQ16)
        {
            long difference = (long)z - max;
            if (temperatureQ16 == Q.One16) return difference;
            return (difference << Q.ValueFrac) / temperatureQ16;
        }
    }
}
