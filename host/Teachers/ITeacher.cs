namespace Edge.Host.Teachers;

/// <summary>
/// Anything that maps a stimulus to logits: the host's own float model, an ONNX model, later a
/// live board. Features are floats in [0, 1] (the scale of every <see cref="Data.Dataset"/>);
/// logits are float32, unnormalised (softmax at temperature T turns them into soft targets).
/// Disposing releases whatever the teacher holds (an OnnxRuntime session, a connection).
/// </summary>
public interface ITeacher : IDisposable
{
    /// <summary>Number of features the teacher reads (F).</summary>
    int InputCount { get; }

    /// <summary>Number of logits it writes (C).</summary>
    int ClassCount { get; }

    /// <summary>Writes the logits of one input: <paramref name="features"/> has F values, <paramref name="logits"/> room for C.</summary>
    void Logits(float[] features, float[] logits);

    /// <summary>
    /// The logits of every row of <paramref name="batch"/>, one new array of C values per row.
    /// Implementations that can evaluate many rows at once (ONNX) override this for speed.
    /// </summary>
    float[][] Logits(IReadOnlyList<float[]> batch)
    {
        var result = new float[batch.Count][];
        for (int n = 0; n < batch.Count; n++)
        {
            result[n] = new float[ClassCount];
            Logits(batch[n], result[n]);
        }
        return result;
    }
}
