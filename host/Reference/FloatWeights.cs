namespace Edge.Host.Reference;

/// <summary>Float weights into the device's int16 Q3.12 weight stream.</summary>
public static class FloatWeights
{
    /// <summary>
    /// Layer 0 weights (row-major [out, in], as <see cref="FloatMlp"/> keeps them), layer 0 biases, layer 1 ...:
    /// each value × 4096 rounded half away from zero and saturated to [−32768, 32767] (Q3.12 spans [−8, 8)).
    /// </summary>
    public static short[] ToQ3_12(FloatMlp network)
    {
        var result = new short[network.ParameterCount];
        int at = 0;
        for (int l = 0; l < network.LayerCount; l++)
        {
            foreach (float w in network.Weights[l]) result[at++] = ToQ3_12(w);
            foreach (float b in network.Biases[l]) result[at++] = ToQ3_12(b);
        }
        return result;
    }

    public static short ToQ3_12(float value)
    {
        double scaled = Math.Round(value * 4096.0, MidpointRounding.AwayFromZero);
        if (double.IsNaN(scaled)) return 0;
        return (short)Math.Clamp(scaled, short.MinValue, short.MaxValue);
    }
}
