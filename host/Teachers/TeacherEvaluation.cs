using Edge.Host.Reference;

namespace Edge.Host.Teachers;

/// <summary>Measurements of any <see cref="ITeacher"/> on labelled data.</summary>
public static class TeacherEvaluation
{
    /// <summary>Fraction of <paramref name="features"/> whose largest logit is at the label (batched).</summary>
    public static double Accuracy(ITeacher teacher, IReadOnlyList<float[]> features, IReadOnlyList<int> labels)
    {
        if (features.Count != labels.Count) throw new ArgumentException($"{features.Count} inputs but {labels.Count} labels");
        if (features.Count == 0) return 0;
        float[][] logits = teacher.Logits(features);
        int correct = 0;
        for (int n = 0; n < logits.Length; n++)
            if (FloatMlp.ArgMax(logits[n]) == labels[n]) correct++;
        return (double)correct / features.Count;
    }
}
