using Edge.Core.Model;
using Edge.Core.Numerics;
using Edge.Host.Reference;

namespace Edge.Host.Seed;

/// <summary>A fixed-point network's weights and inputs as the float reference sees them, for comparisons with backprop.</summary>
public static class FloatCopy
{
    /// <summary>The network's current int16 weights and biases (Q3.12 scaled by each layer's weight exponent) into <paramref name="target"/>, in real units.</summary>
    public static void Weights(Network network, FloatMlp target)
    {
        for (int l = 0; l < network.LayerCount; l++)
        {
            float scale = 1f / (1 << (Q.WeightFrac - network.WeightExponents[l]));
            for (int i = 0; i < network.Weights[l].Length; i++) target.Weights[l][i] = network.Weights[l][i] * scale;
            for (int i = 0; i < network.Biases[l].Length; i++) target.Biases[l][i] = network.Biases[l][i] * scale;
        }
    }

    /// <summary>ADC codes of <paramref name="adcBits"/> bits as the inputs the device sees: code / 2^bits (which Q0.15 holds exactly).</summary>
    public static void Input(int[] codes, int adcBits, float[] input)
    {
        float scale = 1f / (1 << adcBits);
        for (int i = 0; i < input.Length; i++) input[i] = codes[i] * scale;
    }

    /// <summary>Layer <paramref name="layer"/>'s weights (row-major) then biases, as one vector.</summary>
    public static double[] Layer(FloatMlp network, int layer) =>
        [.. network.Weights[layer].Select(w => (double)w), .. network.Biases[layer].Select(b => (double)b)];
}
