using Edge.Core.Model;
using Edge.Core.Storage;
using Edge.Firmware;

namespace Edge.Host.Transfer;

/// <summary>
/// The old model's weights run on the host, on ideal inputs (feature f read as f · full scale, no analog path): what
/// the old board would answer if its hardware were perfect. Cheap to ask about every stimulus, wrong where the board's
/// own path matters; it only decides which questions the real board is asked (<see cref="QuerySelection"/>).
/// </summary>
public sealed class OldModelProxy
{
    private readonly Network _network;

    /// <param name="exponents">The layers' weight exponents, packed (shared/Storage/WeightExponents.cs).</param>
    public OldModelProxy(ModelConfig config, short[] weights, int exponents)
    {
        _network = new Network(config.CopySizes());
        LearnerFactory.Create(_network, config);   // settles what the learner sets on the network (normalised hidden units of local losses)
        if (WeightStream.Write(_network, 0, weights, 0, weights.Length) != weights.Length)
            throw new ArgumentException("the weights do not fit the model's settings", nameof(weights));
        if (!WeightExponents.Unpack(exponents, _network.LayerCount, _network.WeightExponents))
            throw new ArgumentException("weight exponents out of range", nameof(exponents));
    }

    public int ClassCount => _network.OutputCount;

    /// <summary>The logits (Q15.16) for one stimulus's features (in [0, 1]; missing channels read 0).</summary>
    public int[] Logits(float[] features)
    {
        for (int i = 0; i < _network.InputCount; i++)
        {
            double f = i < features.Length && features[i] > 0 ? Math.Min(features[i], 1) : 0;   // NaN reads 0, as on a board
            _network.Input[i] = (short)Math.Round(f * short.MaxValue);
        }
        return (int[])_network.Forward().Clone();
    }
}
