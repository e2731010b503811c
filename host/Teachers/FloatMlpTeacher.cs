using Edge.Host.Reference;

namespace Edge.Host.Teachers;

/// <summary>
/// The host's own float network as a teacher. Not thread-safe: <see cref="FloatMlp.Forward"/>
/// keeps its hidden activations in the network, so use one teacher per thread.
/// </summary>
public sealed class FloatMlpTeacher : ITeacher
{
    public FloatMlpTeacher(FloatMlp network)
    {
        Network = network ?? throw new ArgumentNullException(nameof(network));
    }

    public FloatMlp Network { get; }
    public int InputCount => Network.InputSize;
    public int ClassCount => Network.OutputSize;

    public void Logits(float[] features, float[] logits)
    {
        TeacherChecks.Row(features, InputCount, logits, ClassCount);
        Network.Forward(features, logits);
    }

    /// <summary>Nothing to release.</summary>
    public void Dispose() { }
}
