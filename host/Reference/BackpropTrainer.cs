using Edge.Core.Numerics;

namespace Edge.Host.Reference;

/// <summary>
/// Mini-batch SGD with exact backprop for a <see cref="FloatMlp"/>: the yardstick the
/// perturbation learners are measured against, and the trainer of float teachers.
/// Per batch: gradients of the mean loss g, then a step of <see cref="Optimizer"/>: SGD (v ← μ·v + g,
/// w ← w − lr·v; plain SGD when μ = 0) or Adam (Kingma &amp; Ba 2015: m ← β1·m + (1 − β1)·g,
/// v ← β2·v + (1 − β2)·g², w ← w − lr·m̂ / (√v̂ + ε) with bias-corrected m̂, v̂), as scikit-learn's
/// and PyTorch's MLPs train.
/// The loss is cross-entropy on labels, or for distillation
/// α·CE(label) + (1 − α)·T²·CE(teacher q, softmax(z/T)) (see <see cref="FloatLosses"/>).
/// Each epoch visits the samples in an order drawn from Pcg32(<see cref="Seed"/>, epoch number),
/// so a seed fixes the whole run. Allocation-free per sample.
/// </summary>
public sealed class BackpropTrainer
{
    private readonly FloatMlp _network;
    private readonly float[][] _weightGradients;
    private readonly float[][] _biasGradients;
    private readonly float[][] _weightVelocity;   // SGD momentum, or Adam's first moment m
    private readonly float[][] _biasVelocity;
    private readonly float[][] _weightSquares;    // Adam's second moment v
    private readonly float[][] _biasSquares;
    private long _adamSteps;
    private readonly float[][] _deltas; // ∂L/∂z per layer for the current sample
    private readonly float[] _logits;
    private readonly Pcg32 _shuffleRandom = new(0, 0);
    private int[] _order = [];
    private int _pendingSamples;

    public BackpropTrainer(FloatMlp network)
    {
        _network = network;
        int layers = network.LayerCount;
        _weightGradients = new float[layers][];
        _biasGradients = new float[layers][];
        _weightVelocity = new float[layers][];
        _biasVelocity = new float[layers][];
        _weightSquares = new float[layers][];
        _biasSquares = new float[layers][];
        _deltas = new float[layers][];
        for (int l = 0; l < layers; l++)
        {
            _weightGradients[l] = new float[network.Weights[l].Length];
            _biasGradients[l] = new float[network.Biases[l].Length];
            _weightVelocity[l] = new float[network.Weights[l].Length];
            _biasVelocity[l] = new float[network.Biases[l].Length];
            _weightSquares[l] = new float[network.Weights[l].Length];
            _biasSquares[l] = new float[network.Biases[l].Length];
            _deltas[l] = new float[network.LayerSizes[l + 1]];
        }
        _logits = new float[network.OutputSize];
    }

    public FloatMlp Network => _network;

    public float LearningRate { get; set; } = 0.05f;

    /// <summary>Momentum μ of SGD; 0 is plain SGD.</summary>
    public float Momentum { get; set; }

    public Optimizer Optimizer { get; set; } = Optimizer.Sgd;

    /// <summary>Adam's decay rates and ε (PyTorch's and scikit-learn's defaults).</summary>
    public const float AdamBeta1 = 0.9f, AdamBeta2 = 0.999f, AdamEpsilon = 1e-8f;

    public int BatchSize { get; set; } = 16;

    /// <summary>Seeds the per-epoch sample order.</summary>
    public ulong Seed { get; set; } = 1;

    /// <summary>Distillation temperature T for soft targets.</summary>
    public float Temperature { get; set; } = 1f;

    /// <summary>α: weight of the hard-label loss when training on soft targets (0 = soft targets only).</summary>
    public float HardLabelWeight { get; set; }

    /// <summary>Epochs finished so far; the next epoch's order uses this number as its Pcg32 stream.</summary>
    public int EpochsDone { get; private set; }

    /// <summary>Summed gradients of the samples accumulated since the last <see cref="ApplyGradients"/>, per layer, row-major like the weights.</summary>
    public IReadOnlyList<float[]> WeightGradients => _weightGradients;
    public IReadOnlyList<float[]> BiasGradients => _biasGradients;

    /// <summary>One pass over the samples with hard labels; returns the mean loss.</summary>
    public double TrainEpoch(IReadOnlyList<float[]> inputs, IReadOnlyList<int> labels)
    {
        CheckCounts(inputs.Count, labels.Count, "labels");
        return RunEpoch(inputs.Count, n => AccumulateHardLabel(inputs[n], labels[n]));
    }

    /// <summary>
    /// One pass distilling teacher probabilities (already at <see cref="Temperature"/>); with
    /// <see cref="HardLabelWeight"/> &gt; 0 the labels are mixed in. Returns the mean loss.
    /// </summary>
    public double TrainEpochSoft(IReadOnlyList<float[]> inputs, IReadOnlyList<float[]> teacherProbabilities, IReadOnlyList<int>? labels = null)
    {
        CheckCounts(inputs.Count, teacherProbabilities.Count, "teacher outputs");
        if (labels is not null) CheckCounts(inputs.Count, labels.Count, "labels");
        else if (HardLabelWeight != 0f) throw new ArgumentException("a hard-label weight needs labels", nameof(labels));
        return RunEpoch(inputs.Count, n => AccumulateSoftTarget(inputs[n], teacherProbabilities[n], labels?[n] ?? -1));
    }

    public double Accuracy(IReadOnlyList<float[]> inputs, IReadOnlyList<int> labels) => _network.Accuracy(inputs, labels);

    /// <summary>Adds one sample's cross-entropy gradient to the accumulated gradients; returns its loss.</summary>
    public double AccumulateHardLabel(ReadOnlySpan<float> input, int label)
    {
        _network.Forward(input, _logits);
        float[] outputDelta = _deltas[^1];
        Array.Clear(outputDelta);
        double loss = FloatLosses.CrossEntropy(_logits, label, outputDelta);
        Backward(input);
        return loss;
    }

    /// <summary>
    /// Adds one sample's distillation gradient; <paramref name="label"/> is used with weight
    /// <see cref="HardLabelWeight"/> (pass −1 when there is none and the weight is 0). Returns its loss.
    /// </summary>
    public double AccumulateSoftTarget(ReadOnlySpan<float> input, ReadOnlySpan<float> teacherProbabilities, int label)
    {
        float alpha = HardLabelWeight;
        if (alpha < 0f || alpha > 1f) throw new ArgumentOutOfRangeException(nameof(HardLabelWeight), $"hard-label weight must be in [0, 1], not {alpha}");
        _network.Forward(input, _logits);
        float[] outputDelta = _deltas[^1];
        Array.Clear(outputDelta);
        double loss = (1f - alpha) * FloatLosses.SoftTargetCrossEntropy(_logits, teacherProbabilities, Temperature, outputDelta, 1f - alpha);
        if (alpha > 0f) loss += alpha * FloatLosses.CrossEntropy(_logits, label, outputDelta, alpha);
        Backward(input);
        return loss;
    }

    /// <summary>Steps the weights along the mean of the accumulated gradients, then clears them.</summary>
    public void ApplyGradients()
    {
        if (_pendingSamples == 0) return;
        float meanScale = 1f / _pendingSamples;
        if (Optimizer == Optimizer.Adam) _adamSteps++;
        for (int l = 0; l < _network.LayerCount; l++)
        {
            if (Optimizer == Optimizer.Adam)
            {
                AdamStep(_network.Weights[l], _weightGradients[l], _weightVelocity[l], _weightSquares[l], meanScale);
                AdamStep(_network.Biases[l], _biasGradients[l], _biasVelocity[l], _biasSquares[l], meanScale);
                continue;
            }
            Step(_network.Weights[l], _weightGradients[l], _weightVelocity[l], meanScale);
            Step(_network.Biases[l], _biasGradients[l], _biasVelocity[l], meanScale);
        }
        ZeroGradients();
    }

    public void ZeroGradients()
    {
        for (int l = 0; l < _network.LayerCount; l++)
        {
            Array.Clear(_weightGradients[l]);
            Array.Clear(_biasGradients[l]);
        }
        _pendingSamples = 0;
    }

    private double RunEpoch(int count, Func<int, double> accumulate)
    {
        if (BatchSize <= 0) throw new ArgumentOutOfRangeException(nameof(BatchSize), $"batch size must be positive, not {BatchSize}");
        ShuffleOrder(count);
        ZeroGradients();
        double lossSum = 0;
        for (int k = 0; k < count; k++)
        {
            lossSum += accumulate(_order[k]);
            if (_pendingSamples == BatchSize) ApplyGradients();
        }
        ApplyGradients();
        EpochsDone++;
        return count == 0 ? 0 : lossSum / count;
    }

    // Fisher–Yates from the identity, so an epoch's order depends only on (Seed, epoch number).
    private void ShuffleOrder(int count)
    {
        if (_order.Length != count) _order = new int[count];
        for (int i = 0; i < count; i++) _order[i] = i;
        _shuffleRandom.Reseed(Seed, (ulong)EpochsDone);
        for (int i = count - 1; i > 0; i--)
        {
            int j = _shuffleRandom.NextInt(i + 1);
            (_order[i], _order[j]) = (_order[j], _order[i]);
        }
    }

    // The output delta is in _deltas[^1]; walks down the layers, accumulating weight gradients.
    private void Backward(ReadOnlySpan<float> input)
    {
        for (int l = _network.LayerCount - 1; l >= 0; l--)
        {
            int inputs = _network.LayerSizes[l];
            ReadOnlySpan<float> layerInput = l == 0 ? input : _network.HiddenActivations(l - 1);
            float[] delta = _deltas[l];
            float[] weights = _network.Weights[l];
            float[] weightGradients = _weightGradients[l];
            float[] biasGradients = _biasGradients[l];
            Span<float> inputDelta = l == 0 ? Span<float>.Empty : _deltas[l - 1];
            inputDelta.Clear();
            for (int o = 0; o < delta.Length; o++)
            {
                float d = delta[o];
                if (d == 0f) continue; // a silent ReLU unit contributes nothing: skip its row
                biasGradients[o] += d;
                FloatVector.Axpy(d, layerInput, weightGradients.AsSpan(o * inputs, inputs));
                if (l > 0) FloatVector.Axpy(d, weights.AsSpan(o * inputs, inputs), inputDelta);
            }
            // ReLU derivative: 1 where the unit was active.
            for (int i = 0; i < inputDelta.Length; i++)
                if (layerInput[i] <= 0f) inputDelta[i] = 0f;
        }
        _pendingSamples++;
    }

    private void Step(float[] parameters, float[] gradients, float[] velocity, float meanScale)
    {
        if (Momentum == 0f)
        {
            FloatVector.Axpy(-LearningRate * meanScale, gradients, parameters);
            return;
        }
        // v ← μ·v + mean gradient; w ← w − lr·v
        for (int k = 0; k < gradients.Length; k++) gradients[k] *= meanScale;
        FloatVector.ScaleAdd(Momentum, gradients, velocity);
        FloatVector.Axpy(-LearningRate, velocity, parameters);
    }

    private void AdamStep(float[] parameters, float[] gradients, float[] m, float[] v, float meanScale)
    {
        // Bias corrections of the zero-initialised moments, folded into the rate and ε as in the paper's Algorithm 1 note.
        double correction1 = 1 - Math.Pow(AdamBeta1, _adamSteps), correction2 = 1 - Math.Pow(AdamBeta2, _adamSteps);
        float rate = (float)(LearningRate * Math.Sqrt(correction2) / correction1);
        float epsilon = (float)(AdamEpsilon * Math.Sqrt(correction2));
        for (int k = 0; k < gradients.Length; k++)
        {
            float g = gradients[k] * meanScale;
            m[k] = AdamBeta1 * m[k] + (1 - AdamBeta1) * g;
            v[k] = AdamBeta2 * v[k] + (1 - AdamBeta2) * g * g;
            parameters[k] -= rate * m[k] / (MathF.Sqrt(v[k]) + epsilon);
        }
    }

    private static void CheckCounts(int inputs, int others, string what)
    {
        if (inputs != others) throw new ArgumentException($"{inputs} inputs but {others} {what}");
    }
}

/// <summary>How <see cref="BackpropTrainer"/> steps along a batch's gradient.</summary>
public enum Optimizer
{
    /// <summary>Stochastic gradient descent, with optional heavy-ball momentum.</summary>
    Sgd,
    /// <summary>Adam (Kingma &amp; Ba 2015).</summary>
    Adam,
}
