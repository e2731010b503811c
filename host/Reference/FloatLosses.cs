namespace Edge.Host.Reference;

/// <summary>
/// Float losses on logits z with their gradients ∂L/∂z, computed in double from the float logits
/// (stable: the max is subtracted before exp).
/// <list type="bullet">
/// <item>Hard labels: L = −log softmax(z)_y, ∂L/∂z = softmax(z) − onehot(y).</item>
/// <item>Soft targets (Hinton, Vinyals, Dean 2015): L = T² · Σ −q_i · log softmax(z/T)_i against
/// teacher probabilities q at temperature T; ∂L/∂z = T · (softmax(z/T) − q). The T² keeps the
/// gradient size independent of T, so it mixes with the hard loss by a fixed weight.</item>
/// </list>
/// </summary>
public static class FloatLosses
{
    /// <summary>softmax(z/T) into <paramref name="probabilities"/>.</summary>
    public static void Softmax(ReadOnlySpan<float> logits, float temperature, Span<float> probabilities)
    {
        CheckTemperature(temperature);
        float max = logits[0];
        for (int i = 1; i < logits.Length; i++) max = Math.Max(max, logits[i]);
        double sum = 0;
        for (int i = 0; i < logits.Length; i++) sum += Math.Exp((logits[i] - max) / (double)temperature);
        for (int i = 0; i < logits.Length; i++)
            probabilities[i] = (float)(Math.Exp((logits[i] - max) / (double)temperature) / sum);
    }

    /// <summary>Cross-entropy against a class label; adds <paramref name="weight"/>·∂L/∂z into <paramref name="gradient"/> unless it is empty.</summary>
    public static double CrossEntropy(ReadOnlySpan<float> logits, int label, Span<float> gradient, float weight = 1f)
    {
        if ((uint)label >= (uint)logits.Length) throw new ArgumentOutOfRangeException(nameof(label), $"label {label} is not one of {logits.Length} classes");
        double logSum = LogSumExp(logits, 1.0, out double max);
        if (!gradient.IsEmpty)
        {
            for (int i = 0; i < logits.Length; i++)
            {
                double p = Math.Exp(logits[i] - max - logSum);
                gradient[i] += (float)(weight * (p - (i == label ? 1.0 : 0.0)));
            }
        }
        return logSum - (logits[label] - max);
    }

    /// <summary>
    /// Soft-target cross-entropy at temperature T, scaled by T²; adds <paramref name="weight"/>·∂L/∂z
    /// into <paramref name="gradient"/> unless it is empty.
    /// </summary>
    public static double SoftTargetCrossEntropy(ReadOnlySpan<float> logits, ReadOnlySpan<float> teacherProbabilities,
                                                float temperature, Span<float> gradient, float weight = 1f)
    {
        CheckTemperature(temperature);
        if (teacherProbabilities.Length != logits.Length)
            throw new ArgumentException($"{teacherProbabilities.Length} teacher probabilities for {logits.Length} logits", nameof(teacherProbabilities));
        double t = temperature;
        double logSum = LogSumExp(logits, t, out double max);
        double crossEntropy = 0;
        for (int i = 0; i < logits.Length; i++)
        {
            double logP = (logits[i] - max) / t - logSum;
            crossEntropy -= teacherProbabilities[i] * logP;
            if (!gradient.IsEmpty)
                gradient[i] += (float)(weight * t * (Math.Exp(logP) - teacherProbabilities[i]));
        }
        return t * t * crossEntropy;
    }

    // log Σ exp((z_i − max)/T)
    private static double LogSumExp(ReadOnlySpan<float> logits, double temperature, out double max)
    {
        max = logits[0];
        for (int i = 1; i < logits.Length; i++) max = Math.Max(max, logits[i]);
        double sum = 0;
        for (int i = 0; i < logits.Length; i++) sum += Math.Exp((logits[i] - max) / temperature);
        return Math.Log(sum);
    }

    private static void CheckTemperature(float temperature)
    {
        if (!(temperature > 0f) || !float.IsFinite(temperature))
            throw new ArgumentOutOfRangeException(nameof(temperature), $"temperature must be positive, not {temperature}");
    }
}
