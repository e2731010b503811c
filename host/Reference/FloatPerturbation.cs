using Edge.Core.Learning;
using Edge.Core.Numerics;
using Edge.Core.Storage;
using Edge.Host.Learn;

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
    private const float NormalizedMean = 0.5f, NormalizationEpsilon = 0.1f;
    private readonly byte _mode;                  // a LearningAlgorithm id (ap, ap-local, wp or readout)
    private readonly LearnerSettings _s;          // K, G, batch, active-only, central, step control: the run's own
    private readonly float _sigma;
    private readonly int[] _sizes;
    private readonly int _layers;
    public readonly float[][] Weights, Biases;
    private readonly float[][] _gradW, _gradB;            // batch sums of gradients
    private readonly float[][] _z, _h, _zPerturbed, _hPerturbed;
    private readonly float[][] _delta, _estimate;
    private readonly float[]?[] _headW, _headB, _headGradW, _headGradB;
    private readonly float[] _logits, _outputGradient, _headLogits, _headGradient, _probabilities, _columnLogits, _headLogitsClean;
    private readonly float[] _responsePlus, _responseMinus, _normalizationScale;
    private float[] _input;
    private readonly Pcg32 _rng;
    private readonly ulong _seed;
    private ulong _directionCounter;
    private int _inBatch;

    /// <summary>The rates in use: the run's, scaled by the schedule between epochs.</summary>
    public float HiddenLearningRate, OutputLearningRate;
    private FloatStepControl?[]? _controls;      // layers 0..L−1, then the heads
    private FloatCentring?[]? _centring;         // layers 0..L−1, with centred steps
    public long ForwardPasses;
    public long MultiplyAccumulates;

    /// <param name="initialWeights">Q3.12 weights to start from (the fixed-point network's initialisation).</param>
    /// <param name="settings">The run: its algorithm, seed and learner settings (σ and rates: the device's Q15.16 values, as reals).</param>
    public FloatPerturbation(LearnSettings settings, int[] sizes, short[][] initialWeights, short[][] initialBiases)
    {
        byte mode = settings.Algorithm;
        ulong seed = settings.Seed;
        _mode = mode;
        _s = settings.Learner;
        _sigma = (float)LearnerSettings.FromQ16(_s.SigmaQ16);
        HiddenLearningRate = (float)LearnerSettings.FromQ16(_s.HiddenLearningRateQ16);
        OutputLearningRate = (float)LearnerSettings.FromQ16(_s.OutputLearningRateQ16);
        _sizes = sizes;
        _layers = sizes.Length - 1;
        _seed = seed;
        _rng = new Pcg32(seed, mode == LearningAlgorithm.WeightPerturbation ? 9UL : 7UL);
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
                if (mode == LearningAlgorithm.ActivityPerturbationLocal && l < _layers - 2)
                {
                    _headW[l] = HeadInit(sizes[l + 1], classes, seed + (ulong)l);
                    _headB[l] = new float[classes];
                    _headGradW[l] = new float[sizes[l + 1] * classes];
                    _headGradB[l] = new float[classes];
                }
            }
        }
        _logits = new float[classes]; _outputGradient = new float[classes]; _columnLogits = new float[classes]; _headLogitsClean = new float[classes];
        int widest = sizes[1..^1].DefaultIfEmpty(0).Max();
        _responsePlus = new float[widest]; _responseMinus = new float[widest];
        _normalizationScale = new float[Math.Max(0, _layers - 1)];
        _headLogits = new float[classes]; _headGradient = new float[classes]; _probabilities = new float[classes];
        _input = new float[sizes[0]];
    }

    private bool Normalize => _mode == LearningAlgorithm.ActivityPerturbationLocal;

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
        _controls ??= BuildControls();
        Forward(input);
        ForwardPasses++;
        MultiplyAccumulates += MacsFrom(0);
        float loss0 = Loss(_logits, label, _outputGradient);
        int hiddenLayers = _layers - 1;
        switch (_mode)
        {
            case LearningAlgorithm.ReadoutOnly:
                break;
            case LearningAlgorithm.WeightPerturbation:
                WeightPerturbationStep(label);
                break;
            default:
                for (int l = 0; l < hiddenLayers; l++)
                {
                    float[]? head = _headW[l];
                    float reference = head == null ? loss0 : HeadLoss(l, _h[l], label, _headGradient);
                    if (head != null) Array.Copy(_headLogits, _headLogitsClean, _headLogits.Length);
                    EstimateLayer(l, label, reference);
                    if (head != null) Step(_layers + l, _headGradW[l]!, _headGradB[l]!, _headGradient, _h[l], OutputLearningRate);
                }
                for (int l = 0; l < hiddenLayers; l++)
                    Step(l, _gradW[l], _gradB[l], _estimate[l], InputOf(l), HiddenLearningRate);
                break;
        }
        Step(_layers - 1, _gradW[_layers - 1], _gradB[_layers - 1], _outputGradient, InputOf(_layers - 1), OutputLearningRate);
        if (++_inBatch >= _s.BatchSize) EndBatch();
    }

    private void EstimateLayer(int l, int label, float loss0)
    {
        float[] estimate = _estimate[l], delta = _delta[l];
        int units = estimate.Length;
        int groups = Math.Clamp(_s.Groups, 1, units);
        bool columns = _headW[l] != null || l == _layers - 2;   // a linear head right above: column passes, as in fixed point
        Array.Clear(estimate);
        for (int k = 0; k < _s.Directions; k++)
        {
            bool any = true;
            if (columns)
            {
                any = Draw(l, 0, units);
                if (any) MeasureResponses(l);
            }
            for (int g = 0; g < groups; g++)
            {
                int first = g * units / groups, end = (g + 1) * units / groups;
                if (!columns) any = Draw(l, first, end);
                if (!any || (columns && !delta.AsSpan(first, end - first).ContainsAnyExcept(0f))) continue;
                float lossPlus = columns ? ColumnLoss(l, label, _responsePlus, first, end) : PerturbedLoss(l, label, delta);
                float slope;
                if (_s.CentralDifferences)
                {
                    float lossMinus;
                    if (columns) lossMinus = ColumnLoss(l, label, _responseMinus, first, end);
                    else
                    {
                        for (int i = first; i < end; i++) delta[i] = -delta[i];
                        lossMinus = PerturbedLoss(l, label, delta);
                        for (int i = first; i < end; i++) delta[i] = -delta[i];
                    }
                    slope = (lossPlus - lossMinus) / (2 * _sigma);
                }
                else slope = (lossPlus - loss0) / _sigma;
                for (int i = first; i < end; i++)
                {
                    estimate[i] += Math.Sign(delta[i]) * slope;
                    delta[i] = 0;
                }
            }
        }
        if (_s.Directions > 1)
            for (int i = 0; i < units; i++) estimate[i] /= _s.Directions;
    }

    /// <summary>±σ for units [first, end) from the next words of the stream (one per 32 units), as Rademacher.Draw; whether any is nudged.</summary>
    private bool Draw(int l, int first, int end)
    {
        float[] delta = _delta[l];
        bool any = false;
        uint bits = 0;
        for (int i = first; i < end; i++)
        {
            int bit = (i - first) & 31;
            if (bit == 0) bits = _rng.NextUInt();
            if (_s.ActiveOnly && _h[l][i] == 0) { delta[i] = 0; continue; }
            delta[i] = ((bits >> bit) & 1) != 0 ? _sigma : -_sigma;
            any = true;
        }
        return any;
    }

    /// <summary>Every unit's response to ±δ under the clean normalisation; a unit that moved in neither direction loses its δ.</summary>
    private void MeasureResponses(int l)
    {
        float[] delta = _delta[l], z = _z[l], h = _h[l];
        float scale = Normalize ? _normalizationScale[l] : 1f;
        for (int i = 0; i < delta.Length; i++)
        {
            _responsePlus[i] = (Math.Max(0f, z[i] + delta[i]) * scale) - h[i];
            _responseMinus[i] = _s.CentralDifferences ? (Math.Max(0f, z[i] - delta[i]) * scale) - h[i] : 0f;
            if (_responsePlus[i] == 0 && _responseMinus[i] == 0) delta[i] = 0;
        }
    }

    /// <summary>The loss of the head's logits moved by units [first, end)'s responses through their own columns.</summary>
    private float ColumnLoss(int l, int label, float[] response, int first, int end)
    {
        ForwardPasses++;
        float[] w = _headW[l] ?? Weights[l + 1];
        float[] clean = _headW[l] != null ? _headLogitsClean : _logits;
        int units = _sizes[l + 1];
        for (int o = 0; o < _columnLogits.Length; o++)
        {
            float sum = clean[o];
            for (int i = first; i < end; i++) sum += response[i] * w[o * units + i];
            _columnLogits[o] = sum;
        }
        MultiplyAccumulates += (long)(end - first) * _columnLogits.Length;
        return Loss(_columnLogits, label, null);
    }

    private FloatStepControl?[] BuildControls()
    {
        var controls = new FloatStepControl?[_layers + _headW.Length];
        if (!_s.StepControl) return controls;
        for (int l = 0; l < _layers; l++)
            if (_mode != LearningAlgorithm.ReadoutOnly || l == _layers - 1) controls[l] = new FloatStepControl(_sizes[l + 1], bounded: l < _layers - 1 && !_s.CentredSteps);
        for (int l = 0; l < _headW.Length; l++)
            if (_headW[l] != null) controls[_layers + l] = new FloatStepControl(_sizes[^1], bounded: false);
        return controls;
    }

    /// <summary>A sample's step of one layer (or head, index ≥ layers): with step control, normalised as in fixed point.</summary>
    private void Step(int index, float[] gradW, float[] gradB, float[] unitGradient, float[] input, float rate)
    {
        MultiplyAccumulates += (long)unitGradient.Length * input.Length;
        // centred steps (hidden layers, not the output layer or local heads): along the input minus its running mean, as in fixed point
        float[] along = input;
        if (_s.CentredSteps && index < _layers - 1)
        {
            _centring ??= new FloatCentring[_layers];
            along = (_centring[index] ??= new FloatCentring(input.Length)).Centre(input);
        }
        FloatStepControl? control = _controls![index];
        if (control == null)
        {
            AccumulateOuter(gradW, gradB, unitGradient, along, rate, 1f);
            return;
        }
        MultiplyAccumulates += unitGradient.Length + input.Length;
        if (control.Observe(unitGradient, input))
            AccumulateOuter(gradW, gradB, unitGradient, along, rate, control.StepScale(rate));
    }

    private float PerturbedLoss(int l, int label, float[] delta)
    {
        ForwardPasses++;
        MultiplyAccumulates += MacsFrom(l + 1);
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
        float sigma = Math.Max(1, (int)(_sigma * 4096)) / 4096f;    // whole Q3.12 LSBs, as in fixed point
        for (int k = 0; k < _s.Directions; k++)
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
            float slope = (lossPlus - lossMinus) / (2 * sigma) / _s.Directions;
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

    /// <summary>Gradient sums are kept in units of the output learning rate; rate/OutputLearningRate rescales; inputScale scales the weights' part.</summary>
    private void AccumulateOuter(float[] gradW, float[] gradB, float[] unitGradient, float[] input, float rate, float inputScale)
    {
        float scale = rate / OutputLearningRate;
        int n = input.Length;
        for (int o = 0; o < unitGradient.Length; o++)
        {
            float c = unitGradient[o] * scale;
            if (c == 0) continue;
            gradB[o] += c;
            c *= inputScale;
            for (int i = 0; i < n; i++) gradW[o * n + i] += c * input[i];
        }
    }

    public void EndBatch()
    {
        if (_inBatch == 0) return;
        foreach (FloatStepControl? control in _controls ?? []) control?.Commit();
        float step = OutputLearningRate / _s.BatchSize;
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

    private long MacsFrom(int first)
    {
        long macs = 0;
        for (int l = first; l < _layers; l++) macs += (long)_sizes[l] * _sizes[l + 1];
        return macs;
    }

    private void Forward(float[] input)
    {
        _input = input;
        for (int l = 0; l < _layers; l++)
        {
            Dense(l, InputOf(l), l == _layers - 1 ? _logits : _z[l]);
            if (l < _layers - 1) _normalizationScale[l] = Activate(_z[l], _h[l]);
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

    /// <summary>h = ReLU(z), normalised when on; returns the normalisation scale (1 when off).</summary>
    private float Activate(float[] z, float[] h)
    {
        for (int i = 0; i < z.Length; i++) h[i] = Math.Max(0f, z[i]);
        if (!Normalize) return 1f;
        float sum = NormalizationEpsilon * h.Length;
        for (int i = 0; i < h.Length; i++) sum += h[i];
        float scale = NormalizedMean * h.Length / sum;
        for (int i = 0; i < h.Length; i++) h[i] *= scale;
        return scale;
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

/// <summary>
/// Edge.Core's StepControl in float: per-unit running mean squares of the estimates, the same schedule, the clip, the
/// input's power-of-two scale, and the halvings that bound a hidden layer's common move.
/// </summary>
internal sealed class FloatStepControl(int units, bool bounded)
{
    private readonly double[] _meanSquare = new double[units];
    private readonly double[] _reciprocal = new double[units];
    private double _inputMeanSquare;
    private long _samples;
    private bool _ready;
    private double _inputMean;          // running mean of the input's mean value
    private double _commonMoveExcess;   // n · (2μ² − ms) · 2^k, at least 0
    private int _inputCount;

    /// <summary>2^k ≈ 1 / RMS of the layer's input, as in fixed point.</summary>
    public float InputScale { get; private set; } = 1f;

    /// <summary>The weights' step scale at <paramref name="rate"/>: the input scale, halved until rate · n · (2μ² − ms) · 2^k ≤ ½.</summary>
    public float StepScale(float rate)
    {
        double limit = Edge.Core.Learning.StepControl.MaxCommonMoveQ16 / 65536.0;
        double move = rate * _commonMoveExcess;
        int halvings = 0;
        while (move > limit && halvings < Edge.Core.Learning.StepControl.MaxCommonMoveHalvings) { move /= 2; halvings++; }
        return InputScale / (1 << halvings);
    }

    /// <summary>Folds the sample in; when ready, replaces g by g / RMS, clipped; returns whether a step may be taken.</summary>
    public bool Observe(float[] gradient, float[] input)
    {
        _samples++;
        double rate = 1.0 / (1L << Math.Min(Edge.Core.Learning.StepControl.DecayShift, (int)Math.Log2(_samples)));
        for (int o = 0; o < gradient.Length; o++) _meanSquare[o] += (gradient[o] * (double)gradient[o] - _meanSquare[o]) * rate;
        double sum = 0, squares = 0;
        foreach (float x in input) { sum += x; squares += x * (double)x; }
        _inputMeanSquare += (squares / input.Length - _inputMeanSquare) * rate;
        _inputMean += (sum / input.Length - _inputMean) * rate;
        _inputCount = input.Length;
        if (!_ready) return false;
        float clip = Edge.Core.Learning.StepControl.ClipQ16 / 65536f;
        for (int o = 0; o < gradient.Length; o++) gradient[o] = Math.Clamp((float)(gradient[o] * _reciprocal[o]), -clip, clip);
        return true;
    }

    public void Commit()
    {
        if (_samples == 0) return;
        _ready = true;
        double minRms = Edge.Core.Learning.StepControl.MinRms / 65536.0;
        for (int o = 0; o < _meanSquare.Length; o++) _reciprocal[o] = 1.0 / Math.Max(Math.Sqrt(_meanSquare[o]), minRms);
        double rms = Math.Sqrt(_inputMeanSquare);
        int max = Edge.Core.Learning.StepControl.MaxInputShift;
        int k = rms > 0 ? Math.Clamp(-(int)Math.Floor(Math.Log2(rms)) - 1, -max, max) : max;   // 2^k · RMS in [0.5, 1)
        InputScale = MathF.Pow(2, k);
        _commonMoveExcess = bounded ? Math.Max(0, 2 * _inputMean * _inputMean - _inputMeanSquare) * _inputCount * InputScale : 0;
    }
}

/// <summary><see cref="Edge.Core.Learning.InputCentring"/> in float: the running mean of a layer's input, with the same schedule.</summary>
internal sealed class FloatCentring(int inputs)
{
    private readonly double[] _mean = new double[inputs];
    private readonly float[] _centred = new float[inputs];
    private long _samples;

    /// <summary>Folds x into the means; returns x − mean (a buffer reused by the next call).</summary>
    public float[] Centre(float[] input)
    {
        _samples++;
        double rate = 1.0 / (1L << Math.Min(Edge.Core.Learning.InputCentring.MeanShift, (int)Math.Log2(_samples)));
        for (int j = 0; j < input.Length; j++)
        {
            _mean[j] += (input[j] - _mean[j]) * rate;
            _centred[j] = (float)(input[j] - _mean[j]);
        }
        return _centred;
    }
}
