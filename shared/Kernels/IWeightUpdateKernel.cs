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
        /// masters[rowStart + j] = sat32(masters[rowStart + j] − round(mantissa · x[j] / 2^shift)) for
        /// j in [0, count): one unit's row of int32 masters (Q3.28) stepping along x (int16 Q0.15 or
        /// Q4.11). |mantissa| ≤ 32767, so every product is an exact int32; the shift rounds to nearest
        /// (ties up) as <see cref="Sat.ShiftRound"/> does, a negative shift is a saturating left shift.
        /// </summary>
        void SubtractScaledRow(int[] masters, int rowStart, short[] input, int count, int mantissa, int shift);

        /// <summary>
        /// A whole layer's step: for each row o in [0, rows) whose mantissa is not 0,
        /// <see cref="SubtractScaledRow"/>(masters, o · count, input, count, mantissas[o], shifts[o]).
        /// One call per layer, not per unit: for small layers the per-call costs outweigh the row's work.
        /// </summary>
        void SubtractScaledRows(int[] masters, short[] input, int count, int rows, int[] mantissas, int[] shifts);

        /// <summary>values[i] = sat16(round(masters[i] / 2^shift)) for every i of <paramref name="values"/>.</summary>
        void RoundToInt16(int[] masters, short[] values, int shift);
    }

    /// <summary>The portable reference behind <see cref="IWeightUpdateKernel"/>.</summary>
    public sealed class PortableWeightUpdateKernel : IWeightUpdateKernel
    {
        public static readonly PortableWeightUpdateKernel Instance = new PortableWeightUpdateKernel();

        public void SubtractScaledRow(int[] masters, int rowStart, short[] input, int count, int mantissa, int shift)
        {
            for (int j = 0; j < count; j++)
            {
                int x = input[j];
                // x = 0 changes nothing (round(0) = 0): skipping it is only a saving
                if (x != 0) masters[rowStart + j] = Sat.ToInt32(masters[rowStart + j] - Sat.ShiftRound(mantissa * x, shift));
            }
        }

        public void SubtractScaledRows(int[] masters, short[] input, int count, int rows, int[] mantissas, int[] shifts)
        {
            for (int o = 0; o < rows; o++)
                if (mantissas[o] != 0) SubtractScaledRow(masters, o * count, input, count, mantissas[o], shifts[o]);
        }

        public void RoundToInt16(int[] masters, short[] values, int shift)
        {
            for (int i = 0; i < values.Length; i++) values[i] = Sat.ShiftRound16(masters[i], shift);
        }
    }
}
