using Edge.Core.Learning;

namespace Edge.Host.Seed;

/// <summary>
/// A learner's int32 master weights of one layer read as real numbers (weights row-major, then biases): what a
/// step moved is the difference of two reads, exact to 2^-28, far below any int16 weight's LSB.
/// </summary>
public static class MasterReads
{
    public static double[] Read(Learner learner, int layer)
    {
        MasterWeights masters = Of(learner, layer);
        double scale = 1.0 / (1L << (MasterWeights.MasterFrac - masters.Exponent));
        return [.. masters.Weights.Select(w => w * scale), .. masters.Biases.Select(b => b * scale)];
    }

    /// <summary>The int32 masters of a layer (the learner must keep them: extra weight bits 16).</summary>
    public static MasterWeights Of(Learner learner, int layer) =>
        learner.MasterOf(layer) as MasterWeights
            ?? throw new InvalidOperationException($"layer {layer} has no int32 master weights (a frozen layer, or extra weight bits other than 16)");
}
