namespace Edge.Host.Learn;

/// <summary>
/// A network with its learner, as `edge bench learn` drives it: it sees ADC codes, as a board would.
/// </summary>
public interface ITrainee
{
    /// <summary>One training sample: ADC codes of <see cref="LearnSettings.AdcBits"/> bits and a label.</summary>
    void Train(int[] codes, int label);
    /// <summary>Scales both learning rates relative to the run's settings (for a learning-rate schedule).</summary>
    void ScaleLearningRates(double factor);
    /// <summary>Applies a partly filled mini-batch.</summary>
    void EndEpoch();
    /// <summary>The predicted class for ADC codes.</summary>
    int Predict(int[] codes);
    /// <summary>Forward passes spent on training so far.</summary>
    long ForwardPasses { get; }
    /// <summary>Exact bytes of the arrays the network and learner hold.</summary>
    int StateBytes { get; }
}
