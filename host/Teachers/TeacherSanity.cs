namespace Edge.Host.Teachers;

/// <summary>
/// Whether a teacher is worth distilling: its outputs must be finite, and it must do better on labelled data than
/// chance, i.e. than always answering the commonest class, by more than three standard errors of that rate.
/// </summary>
public static class TeacherSanity
{
    /// <summary>What is wrong with a teacher that answered <paramref name="logits"/> to inputs labelled <paramref name="labels"/>, or null.</summary>
    public static string? Problem(float[][] logits, IReadOnlyList<int> labels)
    {
        if (logits.Length != labels.Count) throw new ArgumentException($"{logits.Length} answers but {labels.Count} labels");
        if (logits.Length == 0) return null;
        int broken = logits.Count(row => row.Any(v => !float.IsFinite(v)));
        if (broken > 0) return $"gives outputs that are not finite (NaN or infinite) for {broken} of {logits.Length} inputs";
        int correct = 0;
        for (int i = 0; i < logits.Length; i++)
            if (Reference.FloatMlp.ArgMax(logits[i]) == labels[i]) correct++;
        double accuracy = (double)correct / logits.Length;
        double chance = labels.GroupBy(l => l).Max(g => g.Count()) / (double)labels.Count;
        double margin = 3 * Math.Sqrt(chance * (1 - chance) / labels.Count);
        return accuracy <= chance + margin
            ? $"scores {100 * accuracy:F1} % on the training split, no better than chance ({100 * chance:F1} %, always the commonest class)"
            : null;
    }
}
