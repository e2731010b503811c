using Edge.Core.Numerics;

namespace Edge.Host.Reference;

/// <summary>Float weights into the device's int16 weight stream: Q3.12, or Q(3+e).(12−e) in a layer whose weights outgrow ±8.</summary>
public static class FloatWeights
{
    /// <summary>
    /// Each layer's weight exponent: the smallest e (at most <see cref="Q.MaxWeightExponent"/>) at which its largest
    /// weight or bias fits the int16 range, so the values of a layer that fits ±8 are exactly Q3.12's.
    /// </summary>
    public static int[] Exponents(FloatMlp network)
    {
        var exponents = new int[network.LayerCount];
        for (int l = 0; l < network.LayerCount; l++)
        {
            float largest = 0;
            foreach (float w in network.Weights[l]) largest = Math.Max(largest, Math.Abs(w));
            foreach (float b in network.Biases[l]) largest = Math.Max(largest, Math.Abs(b));
            // the learner's rule: a value at the int16 range's end raises the exponent
            while (exponents[l] < Q.MaxWeightExponent && Sat.AtInt16End(ToFixed(largest, exponents[l]))) exponents[l]++;
        }
        return exponents;
    }

    /// <summary>
    /// Layer 0 weights (row-major [out, in], as <see cref="FloatMlp"/> keeps them), layer 0 biases, layer 1 ...:
    /// each value at its layer's exponent (<see cref="ToFixed"/>).
    /// </summary>
    public static short[] ToStream(FloatMlp network, int[] exponents)
    {
        var result = new short[network.ParameterCount];
        int at = 0;
        for (int l = 0; l < network.LayerCount; l++)
        {
            foreach (float w in network.Weights[l]) result[at++] = ToFixed(w, exponents[l]);
            foreach (float b in network.Biases[l]) result[at++] = ToFixed(b, exponents[l]);
        }
        return result;
    }

    /// <summary>value in Q(3+e).(12−e): × 2^(12−e), rounded half away from zero, saturated to [−32768, 32767]; NaN is 0.</summary>
    public static short ToFixed(float value, int exponent)
    {
        double scaled = Math.Round(value * (double)(1 << (Q.WeightFrac - exponent)), MidpointRounding.AwayFromZero);
        if (double.IsNaN(scaled)) return 0;
        return (short)Math.Clamp(scaled, short.MinValue, short.MaxValue);
    }
}
