using Edge.Core.Numerics;

namespace Edge.Core.Kernels
{
    /// <summary>
    /// Dense layer forward, the portable reference kernel:
    ///   z[o] = sat32( round( (b[o]·2^inFrac + Σ_i W[o,i]·x[i]) / 2^(12 − e + inFrac − 16) ) )
    /// W row-major [out, in] and b in int16 Q3.12 scaled by the layer's weight exponent e, that is
    /// Q(3+e).(12−e) (<see cref="Q.MaxWeightExponent"/>); x in int16 Q(15−inFrac).inFrac (Q0.15 for inputs,
    /// Q4.11 for hidden activations); each product int32, summed in an int64 accumulator (no
    /// wrap-around for any fan-in below 2^33); z in int32 Q15.16, rounded to nearest and saturated.
    /// Allocation-free.
    /// </summary>
    public static class DenseQ3_12
    {
        /// <summary>Computes the pre-activations of all <paramref name="outCount"/> units.</summary>
        public static void Forward(short[] weights, short[] bias, int weightExponent, short[] input, int inFrac,
                                   int inCount, int outCount, int[] preActivation)
        {
            int shift = Q.WeightFrac - weightExponent + inFrac - Q.ValueFrac;
            for (int o = 0; o < outCount; o++)
                preActivation[o] = Unit(weights, o * inCount, bias[o], input, inFrac, inCount, shift);
        }

        /// <summary>The pre-activation of one unit whose weights start at <paramref name="rowStart"/>.</summary>
        public static int Unit(short[] weights, int rowStart, short bias, short[] input, int inFrac,
                               int inCount, int shift)
        {
            long acc = (long)bias << inFrac;
            for (int i = 0; i < inCount; i++)
                acc += weights[rowStart + i] * input[i];
            return Sat.ShiftRound32(acc, shift);
        }
    }
}
