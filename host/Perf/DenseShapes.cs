using Edge.Core.Numerics;

namespace Edge.Host.Perf;

/// <summary>
/// One dense layer's operands, random but reproducible (Pcg32), in both number systems: int16 Q3.12
/// weights with int16 Q0.15 inputs, and the same values as float for the float SIMD baseline.
/// </summary>
public sealed class DenseOperands
{
    public readonly int In;
    public readonly int Out;
    public readonly short[] Weights;
    public readonly short[] Bias;
    public readonly short[] Input;
    public readonly int[] PreActivation;
    public readonly float[] FloatWeights;
    public readonly float[] FloatBias;
    public readonly float[] FloatInput;
    public readonly float[] FloatOutput;

    public DenseOperands(int inCount, int outCount, ulong seed)
    {
        In = inCount;
        Out = outCount;
        var rng = new Pcg32(seed, 21);
        Weights = new short[inCount * outCount];
        Bias = new short[outCount];
        Input = new short[inCount];
        PreActivation = new int[outCount];
        // weights within ±0.5 (Q3.12), inputs within ±1 (Q0.15, −32768 excluded as after an ADC)
        for (int i = 0; i < Weights.Length; i++) Weights[i] = (short)(rng.NextInt(4097) - 2048);
        for (int i = 0; i < Bias.Length; i++) Bias[i] = (short)(rng.NextInt(4097) - 2048);
        for (int i = 0; i < Input.Length; i++) Input[i] = (short)(rng.NextInt(65535) - 32767);
        FloatWeights = Weights.Select(w => w / 4096f).ToArray();
        FloatBias = Bias.Select(b => b / 4096f).ToArray();
        FloatInput = Input.Select(x => x / 32768f).ToArray();
        FloatOutput = new float[outCount];
    }

    /// <summary>The shapes the benchmarks time (inputs × outputs): digits' hidden layer, Fashion's, and a large square.</summary>
    public static readonly (int In, int Out)[] Shapes = [(64, 32), (196, 128), (512, 512)];

    /// <summary>Every layer shape of the networks Edge trains plus the large ones (the bit-exactness tests cover them all).</summary>
    public static readonly (int In, int Out)[] AllShapes =
        [(64, 32), (32, 10), (196, 128), (128, 10), (128, 128), (512, 512), (64, 512), (512, 10)];
}
