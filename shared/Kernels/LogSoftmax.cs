using Edge.Core.Numerics;

namespace Edge.Core.Kernels
{
    /// <summary>
    /// Log-softmax at temperature T, numerically stable: log p_i = (z_i − max)/T − ln Σ_j e^((z_j − max)/T).
    /// Logits, T and results in Q15.16; the log by <see cref="FixedLog"/>. Results are saturated at
    /// int32 range (a probability below e^-32768 reads as that). Allocation-free: the caller lends a
    /// scratch buffer of at least <paramref name="count"/> ints.
    /// </summary>
    public static class LogSoftmax
    {
        public static void Forward(int[] logits, int offset, int count, int temperatureQ16, int[] scratch, int[] logProbabilities)
        {
            int max;
            long sum = Softmax.Exponentials(logits, offset, count, temperatureQ16, scratch, out max);
            int lnSum = FixedLog.LnQ16(sum, Q.TableFrac);
            for (int i = 0; i < count; i++)
                logProbabilities[i] = Sat.ToInt32(Softmax.ScaledDifference(logits[offset + i], max, temperatureQ16) - lnSum);
        }
    }
}
