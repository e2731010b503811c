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

        /// <summary>
        /// values[i] = sat16(round(masters[i] / 2^shift)) for every i of <paramref name="values"/>; returns whether
        /// any value is within one LSB of the int16 range's end (≥ 32767 or ≤ −32767 before saturation).
        /// </summary>
        bool RoundToInt16(int[] masters, short[] values, int shift);

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
}
