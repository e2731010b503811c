namespace Edge.Host.Teachers;

/// <summary>Argument checks shared by the teachers, so every teacher rejects a wrong row the same way.</summary>
internal static class TeacherChecks
{
    public static void Row(float[] features, int inputCount, float[] logits, int classCount)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(logits);
        if (features.Length != inputCount)
            throw new ArgumentException($"input has {features.Length} features, the teacher reads {inputCount}", nameof(features));
        if (logits.Length < classCount)
            throw new ArgumentException($"logits buffer holds {logits.Length}, the teacher has {classCount} classes", nameof(logits));
    }
}
