using Edge.Core.Model;
using Edge.Host.Reference;

namespace Edge.Host.Seed;

/// <summary>
/// The exact gradient that a fixed-point network's step is compared with: float backprop
/// (<see cref="BackpropTrainer"/>) on a float copy of the network's current Q3.12 weights, for the sample as the
/// device reads it and the same cross-entropy loss.
/// </summary>
public sealed class ExactGradient
{
    private readonly FloatMlp _network;
    private readonly BackpropTrainer _trainer;
    private readonly float[] _input;

    public ExactGradient(int[] sizes)
    {
        _network = new FloatMlp(sizes, 0);
        _trainer = new BackpropTrainer(_network);
        _input = new float[sizes[0]];
    }

    /// <summary>Takes the fixed-point network's current weights.</summary>
    public void CopyWeights(Network network) => FloatCopy.Weights(network, _network);

    /// <summary>∂L/∂θ of <paramref name="layer"/> (its weights row-major [out, in], then its biases) for one sample.</summary>
    public double[] Of(int layer, int[] codes, int adcBits, int label)
    {
        FloatCopy.Input(codes, adcBits, _input);
        _trainer.ZeroGradients();
        _trainer.AccumulateHardLabel(_input, label);
        double[] gradient = [.. _trainer.WeightGradients[layer].Select(g => (double)g), .. _trainer.BiasGradients[layer].Select(g => (double)g)];
        _trainer.ZeroGradients();
        return gradient;
    }
}
