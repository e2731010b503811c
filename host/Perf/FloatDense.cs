using System.Numerics.Tensors;

namespace Edge.Host.Perf;

/// <summary>The float SIMD baseline: y[o] = Σ W[o,i]·x[i] + b[o], one TensorPrimitives.Dot per output row.</summary>
public static class FloatDense
{
    public static void Forward(float[] weights, float[] bias, float[] input, int inCount, int outCount, float[] output)
    {
        ReadOnlySpan<float> x = input.AsSpan(0, inCount);
        for (int o = 0; o < outCount; o++)
            output[o] = TensorPrimitives.Dot(weights.AsSpan(o * inCount, inCount), x) + bias[o];
    }
}
