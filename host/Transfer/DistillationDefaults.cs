using Edge.Host.Learn;

namespace Edge.Host.Transfer;

/// <summary>
/// The defaults of a distillation (`edge transfer`, `edge distill`, the demo's board B), from sizes and budgets only,
/// never from a data set's name. docs/transfer.md records how they were measured.
/// </summary>
public static class DistillationDefaults
{
    /// <summary>
    /// Answers asked of the old board per weight of its model, counted in the numbers an answer carries (a soft
    /// target over C classes holds C − 1 free numbers): 1.5 × 2,410 weights / 9 = 402 questions for 64-32-10 on 10
    /// classes, 4,418 for 196-128-10.
    /// </summary>
    public const double AnswersPerWeight = 1.5;

    /// <summary>The share of the harvest held out of training, to tell whether the new board still gains.</summary>
    public const double HeldOutShare = 0.1;

    /// <summary>Checks (one per epoch) without a gain on the held-out answers before the rates start to settle.</summary>
    public const int Patience = 8;

    /// <summary>The settling that ends a distillation lasts this share of the epochs before it.</summary>
    public const double SettleShare = 0.5;

    /// <summary>
    /// A board that starts from the old weights (the naive copy) fine-tunes them: it may spend at most this fraction
    /// of the samples of a learning run from scratch (<see cref="LearnDefaults.Epochs"/> over the training split).
    /// </summary>
    public const int FineTuneFraction = 20;

    /// <summary>How many transfer stimuli the old board is asked about: <see cref="AnswersPerWeight"/>, at most the whole set.</summary>
    public static int Queries(int parameterCount, int classCount, int setSize)
    {
        double queries = Math.Ceiling(AnswersPerWeight * parameterCount / Math.Max(1, classCount - 1));
        return (int)Math.Clamp(queries, 1, Math.Max(1, setSize));
    }

    /// <summary>
    /// The most epochs over <paramref name="trainingAnswers"/> answers: a learning run's (<see cref="LearnDefaults.Epochs"/>)
    /// for a fresh model; for one that starts from the old weights, <see cref="FineTuneFraction"/> of a learning run's
    /// samples, within [1, <see cref="LearnDefaults.MaxEpochs"/>].
    /// </summary>
    public static int EpochCeiling(DataShape shape, int trainingAnswers, bool fromOldWeights)
    {
        int learningEpochs = LearnDefaults.Epochs(shape);
        if (!fromOldWeights) return learningEpochs;
        long samples = (long)learningEpochs * shape.TrainSamples / FineTuneFraction;
        return (int)Math.Clamp(samples / Math.Max(1, trainingAnswers), 1, LearnDefaults.MaxEpochs);
    }

    /// <summary>How many of <paramref name="count"/> answers are held out (none of fewer than ten: too few to tell anything).</summary>
    public static int HeldOut(int count) => count < 10 ? 0 : (int)Math.Round(count * HeldOutShare);
}
