using Edge.Core.Numerics;

namespace Edge.Host.Reference;

/// <summary>
/// The learners of Edge.Core (activity perturbation global and local, weight perturbation,
/// readout-only) in float32: the same algorithm, initial weights, perturbation directions and
/// mini-batches as the fixed-point learner, so the two differ only in arithmetic. It answers
/// "what does fixed point cost?". Host-only; see shared/Learning/ActivityPerturbation.cs for the
/// algorithm's description.
/// </summary>
public sealed class FloatPerturbation
{
    public enum Mode { ActivityPerturbation, ActivityPerturbationLocal, WeightPerturbation, ReadoutOnly }

    private const float NormalizedMean = 0.5f, NormalizationEpsilon = 0.1f;
    private readonly Mode _mode;
    private readonly int[] _sizes;
    private readonly int _layers;
    public readonly float[][] Weights, Biases;
    private readonly float[][] _gradW, _gradB;            // batch sums of gradients
    private readonly float[][] _z, _h, _zPerturbed, _hPerturbed;
    private readonly float[][] _delta, _estimate;
    private readonly float[]?[] _headW, _headB, _headGradW, _headGradB;
    private readonly float[] _logits, _outputGradient, _headLogits, _headGradient, _probabilities;
    private float[] _input;
    private readonly Pcg32 _rng;
    private readonly ulong _seed;
    private ulong _directionCounter;
    private int _inBatch;

    public float HiddenLearningRate = 0.01f, OutputLearningRate = 0.1f, Sigma = 0.01f;
    public int Directions = 1, Groups = 1, BatchSize = 16;
    public bool ActiveOnly, CentralDifferences;
    public long ForwardPasses;
    public long MultiplyAccumulates;

    /// <param name="initialWeights">Q3.12 weights to start from (the fixed-point network's initialisation).</param>
    public FloatPerturbation(Mode mode, int[] sizes, short[][] initialWeights, short[][] initialBiases, ulong seed)
    {
        _mode = mode;
        _sizes = sizes;
        _layers = sizes.Length - 1;
        _seed = seed;
        _rng = new Pcg32(seed, mode == Mode.WeightPerturbation ? 9UL : 7UL);
        Weights = new float[_layers][]; Biases = new float[_layers][];
        _gradW = new float[_layers][]; _gradB = new float[_layers][];
        _z = new float[_layers][]; _zPerturbed = new float[_layers][];
        _h = new float[_layers - 1][]; _hPerturbed = new float[_layers - 1][];
        _delta = new float[_layers - 1][]; _estimate = new float[_layers - 1][];
        _headW = new float[_layers - 1][]; _headB = new float[_layers - 1][];
        _headGradW = new float[_layers - 1][]; _headGradB = new float[_layers - 1][];
        int classes = sizes[^1];
        for (int l = 0; l < _layers; l++)
        {
            Weights[l] = initialWeights[l].Select(w => w / 4096f).ToArray();
            Biases[l] = initialBiases[l].Select(b => b / 4096f).ToArray();
            _gradW[l] = new float[Weights[l].Length]; _gradB[l] = new float[Biases[l].Length];
            _z[l] = new float[sizes[l + 1]]; _zPerturbed[l] = new float[sizes[l + 1]];
            if (l < _layers - 1)
            {
                _h[l] = new float[sizes[l + 1]]; _hPerturbed[l] = new float[sizes[l + 1]];
                _delta[l] = new float[sizes[l + 1]]; _estimate[l] = new float[sizes[l + 1]];
                if (mode == Mode.ActivityPerturbationLocal && l < _layers - 2)
                {
                    _headW[l] = HeadInit(sizes[l + 1], classes, seed + (ulong)l);
                    _headB[l] = new float[classes];
                    _headGradW[l] = new float[sizes[l + 1] * classes];
                    _headGradB[l] = new float[classes];
                }
            }
        }
        _logits = new float[classes]; _outputGradient = new float[classes];
        _headLogits = new float[classes]; _headGradient = new float[classes]; _probabilities = new float[classes];
        _input = new float[sizes[0]];
    }

    private bool Normalize => _mode == Mode.ActivityPerturbationLocal;

    /// <summary>The same draw as ReadoutHead in Edge.Core, in float.</summary>
    private static float[] HeadInit(int units, int classes, ulong seed)
    {
        var rng = new Pcg32(seed, 11);
        int bound = (int)IntSqrt.Floor((6UL << 24) / (ulong)units);
        var w = new float[units * classes];
        for (int i = 0; i < w.Length; i++) w[i] = (rng.NextInt(2 * bound + 1) - bound) / 4096f;
        return w;
    }

    public int Predict(float[] input)
    {
        Forward(input);
        return Array.IndexOf(_logits, _logits.Max());
    }

    public void Train(float[] input, int label)
    {
        Forward(input);
        ForwardPasses++;
        float loss0 = Loss(_logits, label, _outputGradient);
        int hiddenLayers = _layers - 1;
        switch (_mode)
        {
            case Mode.ReadoutOnly:
                break;
            case Mode.WeightPerturbation:
                WeightPerturbationStep(label);
                break;
            default:
                for (int l = 0; l < hiddenLayers; l++)
                {
                    float[]? head = _headW[l];
                    float reference = head == null ? loss0 : HeadLoss(l, _h[l], label, _headGradient);
                    EstimateLayer(l, label, reference);
                    if (head != null) AccumulateOuter(_headGradW[l]!, _headGradB[l]!, _headGradient, _h[l], OutputLearningRate);
                }
                for (int l = 0; l < hiddenLayers; l++)
                    AccumulateOuter(_gradW[l], _gradB[l], _estimate[l], InputOf(l), HiddenLearningRate);
                break;
        }
        AccumulateOuter(_gradW[_layers - 1], _gradB[_layers - 1], _outputGradient, InputOf(_layers - 1), OutputLearningRate);
        if (++_inBatch >= BatchSize) EndBatch();
    }

    private void EstimateLayer(int l, int label, float loss0)
    {
        float[] estimate = _estimate[l], delta = _delta[l];
        int units = estimate.Length;
        int groups = Math.Clamp(Groups, 1, units);
        Array.Clear(estimate);
        for (int k = 0; k < Directions; k++)
            for (int g = 0; g < groups; g++)
            {
                int first = g * units / groups, end = (g + 1) * units / groups;
                bool any = false;
                uint bits = 0;
                for (int i = first; i < end; i++)
                {
                    int bit = (i - first) & 31;
                    if (bit == 0) bits = _rng.NextUInt();
                    if (ActiveOnly && _h[l][i] == 0) { delta[i] = 0; continue; }
                    delta[i] = ((bits >> bit) & 1) != 0 ? Sigma : -Sigma;
                    any = true;
                }
                if (!any) continue;
                float lossPlus = PerturbedLoss(l, label, delta);
                float slope;
                if (CentralDifferences)
                {
                    for (int i = first; i < end; i++) delta[i] = -delta[i];
                    float lossMinus = PerturbedLoss(l, label, delta);
                    for (int i = first; i < end; i++) delta[i] = -delta[i];
                    slope = (lossPlus - lossMinus) / (2 * Sigma);
                }
                else slope = (lossPlus - loss0) / Sigma;
                for (int i = first; i < end; i++)
                {
                    estimate[i] += Math.Sign(delta[i]) * slope;
                    delta[i] = 0;
                }
            }
        if (Directions > 1)
            for (int i = 0; i < units; i++) estimate[i] /= Directions;
    }

    private float PerturbedLoss(int l, int label, float[] delta)
    {
        ForwardPasses++;
        for (int i = 0; i < delta.Length; i++) _zPerturbed[l][i] = _z[l][i] + delta[i];
        Activate(_zPerturbed[l], _hPerturbed[l]);
        if (_headW[l] != null) return HeadLoss(l, _hPerturbed[l], label, null);
        for (int m = l + 1; m < _layers; m++)
        {
            Dense(m, _hPerturbed[m - 1], _zPerturbed[m]);
            if (m < _layers - 1) Activate(_zPerturbed[m], _hPerturbed[m]);
        }
        return Loss(_zPerturbed[_layers - 1], label, null);
    }

    private float HeadLoss(int l, float[] hidden, int label, float[]? gradient)
    {
        float[] w = _headW[l]!, b = _headB[l]!;
        int n = hidden.Length;
        for (int o = 0; o < _headLogits.Length; o++)
        {
            float sum = b[o];
            for (int i = 0; i < n; i++) sum += w[o * n + i] * hidden[i];
            _headLogits[o] = sum;
        }
        return Loss(_headLogits, label, gradient);
    }

    private void WeightPerturbationStep(int label)
    {
        int hiddenLayers = _layers - 1;
        float sigma = Math.Max(1, (int)(Sigma * 4096)) / 4096f;    // whole Q3.12 LSBs, as in fixed point
        for (int k = 0; k < Directions; k++)
        {
            ulong direction = _directionCounter++;
            Nudge(hiddenLayers, direction, sigma);
            ForwardPasses++;
            Forward(_input);
            float lossPlus = Loss(_logits, label, null);
            Nudge(hiddenLayers, direction, -2 * sigma);
            ForwardPasses++;
            Forward(_input);
            float lossMinus = Loss(_logits, label, null);
            Nudge(hiddenLayers, direction, sigma);
            float slope = (lossPlus - lossMinus) / (2 * sigma) / Directions;
            _rng.Reseed(_seed ^ 0x5745494748545053UL, direction);
            for (int l = 0; l < hiddenLayers; l++)
            {
                AddSigned(_gradW[l], slope * HiddenLearningRate / OutputLearningRate);
                AddSigned(_gradB[l], slope * HiddenLearningRate / OutputLearningRate);
            }
        }
        Forward(_input);
    }

    private void Nudge(int hiddenLayers, ulong direction, float amount)
    {
        _rng.Reseed(_seed ^ 0x5745494748545053UL, direction);
        for (int l = 0; l < hiddenLayers; l++)
        {
            AddSigned(Weights[l], amount);
            AddSigned(Biases[l], amount);
        }
    }

    private void AddSigned(float[] values, float amount)
    {
        uint bits = 0;
        for (int i = 0; i < values.Length; i++)
        {
            int bit = i & 31;
            if (bit == 0) bits = _rng.NextUInt();
            values[i] += ((bits >> bit) & 1) != 0 ? amount : -amount;
        }
    }

    /// <summary>Gradient sums are kept in units of the output learning rate; rate/OutputLearningRate rescales.</summary>
    private void AccumulateOuter(float[] gradW, float[] gradB, float[] unitGradient, float[] input, float rate)
    {
        float scale = rate / OutputLearningRate;
        int n = input.Length;
        for (int o = 0; o < unitGradient.Length; o++)
        {
            float c = unitGradient[o] * scale;
            if (c == 0) continue;
            gradB[o] += c;
            for (int i = 0; i < n; i++) gradW[o * n + i] += c * input[i];
        }
    }

    public void EndBatch()
    {
        if (_inBatch == 0) return;
        float step = OutputLearningRate / BatchSize;
        for (int l = 0; l < _layers; l++)
        {
            Apply(Weights[l], _gradW[l], step);
            Apply(Biases[l], _gradB[l], step);
        }
        for (int l = 0; l < _headW.Length; l++)
            if (_headW[l] != null)
            {
                Apply(_headW[l]!, _headGradW[l]!, step);
                Apply(_headB[l]!, _headGradB[l]!, step);
            }
        _inBatch = 0;
    }

    private static void Apply(float[] values, float[] gradient, float step)
    {
        for (int i = 0; i < values.Length; i++) { values[i] -= step * gradient[i]; gradient[i] = 0; }
    }

    private float[] InputOf(int layer) => layer == 0 ? _input : _h[layer - 1];

    private void Forward(float[] input)
    {
        _input = input;
        for (int l = 0; l < _layers; l++)
        {
            Dense(l, InputOf(l), l == _layers - 1 ? _logits : _z[l]);
            if (l < _layers - 1) Activate(_z[l], _h[l]);
        }
        Array.Copy(_logits, _z[_layers - 1], _logits.Length);
    }

    private void Dense(int l, float[] input, float[] output)
    {
        float[] w = Weights[l], b = Biases[l];
        int n = input.Length;
        for (int o = 0; o < output.Length; o++)
        {
            float sum = b[o];
            for (int i = 0; i < n; i++) sum += w[o * n + i] * input[i];
            output[o] = sum;
        }
    }

    private void Activate(float[] z, float[] h)
    {
        for (int i = 0; i < z.Length; i++) h[i] = Math.Max(0f, z[i]);
        if (!Normalize) return;
        float sum = NormalizationEpsilon * h.Length;
        for (int i = 0; i < h.Length; i++) sum += h[i];
        float scale = NormalizedMean * h.Length / sum;
        for (int i = 0; i < h.Length; i++) h[i] *= scale;
    }

    /// <summary>Cross-entropy of softmax(z) with the label; writes p − onehot when gradient is given.</summary>
    private float Loss(float[] z, int label, float[]? gradient)
    {
        float max = z.Max();
        double sum = 0;
        for (int i = 0; i < z.Length; i++) { _probabilities[i] = MathF.Exp(z[i] - max); sum += _probabilities[i]; }
        if (gradient != null)
            for (int i = 0; i < z.Length; i++) gradient[i] = (float)(_probabilities[i] / sum) - (i == label ? 1f : 0f);
        return (float)(Math.Log(sum) - (z[label] - max));
    }

    public int StateBytes =>
        (Weights.Sum(w => w.Length) + Biases.Sum(b => b.Length)) * 4 * 2
        + (_z.Sum(a => a.Length) * 2 + _h.Sum(a => a.Length) * 4) * 4
        + _headW.Sum(w => w?.Length ?? 0) * 8;
}
