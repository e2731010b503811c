using Edge.Core.Numerics;

namespace Edge.Host.Reference;

/// <summary>
/// The host's float32 reference network: dense layers, ReLU on hidden layers, linear logits.
/// Layer l has weights <c>Weights[l]</c> row-major [out, in] (element [o, i] at <c>o·in + i</c>)
/// and biases <c>Biases[l]</c>. Initial weights are uniform from <see cref="Pcg32"/> (He limit
/// √(6/fan-in) for layers feeding a ReLU, LeCun √(3/fan-in) for the logits), biases zero, so a seed
/// names the network. Not device code: it is the backprop yardstick and a teacher.
/// <see cref="Forward"/> allocates nothing; it keeps the hidden activations for backprop.
/// </summary>
public sealed class FloatMlp
{
    private readonly int[] _sizes;
    private readonly float[][] _hidden; // _hidden[l] = output of layer l (ReLU), l < LayerCount - 1
    private readonly float[] _scratchLogits;

    /// <param name="layerSizes">input, hidden..., output sizes, e.g. [64, 32, 10].</param>
    /// <param name="seed">seeds the initial weights (Pcg32 stream 0).</param>
    public FloatMlp(IReadOnlyList<int> layerSizes, ulong seed)
    {
        if (layerSizes.Count < 2) throw new ArgumentException("a network needs at least input and output sizes", nameof(layerSizes));
        foreach (int size in layerSizes)
            if (size <= 0) throw new ArgumentException($"layer sizes must be positive: {string.Join('-', layerSizes)}", nameof(layerSizes));

        _sizes = layerSizes.ToArray();
        int layers = _sizes.Length - 1;
        Weights = new float[layers][];
        Biases = new float[layers][];
        _hidden = new float[layers - 1][];
        for (int l = 0; l < layers; l++)
        {
            Weights[l] = new float[_sizes[l + 1] * _sizes[l]];
            Biases[l] = new float[_sizes[l + 1]];
            if (l < layers - 1) _hidden[l] = new float[_sizes[l + 1]];
        }
        _scratchLogits = new float[OutputSize];
        Initialize(seed);
    }

    /// <summary>Sizes from input to output, e.g. 64-32-10.</summary>
    public IReadOnlyList<int> LayerSizes => _sizes;
    public int InputSize => _sizes[0];
    public int OutputSize => _sizes[^1];

    /// <summary>Number of weight layers (sizes − 1).</summary>
    public int LayerCount => _sizes.Length - 1;

    /// <summary>Weights[l][o·in + i]: from input i to output o of layer l.</summary>
    public float[][] Weights { get; }
    public float[][] Biases { get; }

    public int ParameterCount => Weights.Sum(w => w.Length) + Biases.Sum(b => b.Length);

    /// <summary>The architecture as text, e.g. "64-32-10".</summary>
    public string Architecture => string.Join('-', _sizes);

    /// <summary>Re-draws the initial weights for <paramref name="seed"/>.</summary>
    public void Initialize(ulong seed)
    {
        var random = new Pcg32(seed, 0);
        for (int l = 0; l < LayerCount; l++)
        {
            int fanIn = _sizes[l];
            bool feedsRelu = l < LayerCount - 1;
            float limit = MathF.Sqrt((feedsRelu ? 6f : 3f) / fanIn);
            float[] w = Weights[l];
            for (int k = 0; k < w.Length; k++) w[k] = (2f * UnitFloat(random) - 1f) * limit;
            Array.Clear(Biases[l]);
        }
    }

    /// <summary>Computes the logits of one input; no allocation.</summary>
    public void Forward(ReadOnlySpan<float> input, Span<float> logits)
    {
        if (input.Length != InputSize) throw new ArgumentException($"input has {input.Length} values, network expects {InputSize}", nameof(input));
        if (logits.Length < OutputSize) throw new ArgumentException($"logits buffer holds {logits.Length}, network has {OutputSize} outputs", nameof(logits));
        ReadOnlySpan<float> layerInput = input;
        for (int l = 0; l < LayerCount; l++)
        {
            bool last = l == LayerCount - 1;
            Span<float> output = last ? logits[..OutputSize] : _hidden[l];
            Dense(l, layerInput, output, relu: !last);
            layerInput = output;
        }
    }

    /// <summary>The index of the largest logit.</summary>
    public int Predict(ReadOnlySpan<float> input)
    {
        Forward(input, _scratchLogits);
        return ArgMax(_scratchLogits);
    }

    /// <summary>Fraction of <paramref name="inputs"/> whose prediction equals the label.</summary>
    public double Accuracy(IReadOnlyList<float[]> inputs, IReadOnlyList<int> labels)
    {
        if (inputs.Count != labels.Count) throw new ArgumentException($"{inputs.Count} inputs but {labels.Count} labels");
        if (inputs.Count == 0) return 0;
        int correct = 0;
        for (int n = 0; n < inputs.Count; n++)
            if (Predict(inputs[n]) == labels[n]) correct++;
        return (double)correct / inputs.Count;
    }

    /// <summary>An independent copy with the same weights.</summary>
    public FloatMlp Clone()
    {
        var copy = new FloatMlp(_sizes, 0);
        copy.CopyWeightsFrom(this);
        return copy;
    }

    public void CopyWeightsFrom(FloatMlp other)
    {
        if (!other._sizes.AsSpan().SequenceEqual(_sizes))
            throw new ArgumentException($"architecture {other.Architecture} differs from {Architecture}", nameof(other));
        for (int l = 0; l < LayerCount; l++)
        {
            other.Weights[l].CopyTo(Weights[l], 0);
            other.Biases[l].CopyTo(Biases[l], 0);
        }
    }

    /// <summary>The ReLU output of hidden layer <paramref name="layer"/> from the last <see cref="Forward"/>.</summary>
    internal float[] HiddenActivations(int layer) => _hidden[layer];

    public static int ArgMax(ReadOnlySpan<float> values)
    {
        int best = 0;
        for (int i = 1; i < values.Length; i++)
            if (values[i] > values[best]) best = i;
        return best;
    }

    private void Dense(int layer, ReadOnlySpan<float> input, Span<float> output, bool relu)
    {
        int inputs = _sizes[layer];
        float[] w = Weights[layer];
        float[] b = Biases[layer];
        for (int o = 0; o < output.Length; o++)
        {
            float z = b[o] + FloatVector.Dot(w.AsSpan(o * inputs, inputs), input);
            output[o] = relu && z < 0f ? 0f : z;
        }
    }

    // 24 random bits → [0, 1) exactly representable in float.
    private static float UnitFloat(Pcg32 random) => (random.NextUInt() >> 8) * (1f / 16777216f);
}
