namespace Edge.Host.Learn;

/// <summary>
/// A network with its learner, as `edge bench learn` drives it: it sees ADC codes, as a board would.
/// </summary>
public interface ITrainee
{
    /// <summary>One training sample: ADC codes of <see cref="LearnSettings.AdcBits"/> bits and a label.</summary>
    void Train(int[] codes, int label);
    /// <summary>Sets the learning rates of <paramref name="epoch"/> of <paramref name="epochs"/> by <see cref="LearningRateSchedule"/>.</summary>
    void ScheduleEpoch(int epoch, int epochs);
    /// <summary>Applies a partly filled mini-batch.</summary>
    void EndEpoch();
    /// <summary>The predicted class for ADC codes.</summary>
    int Predict(int[] codes);
    /// <summary>Forward passes spent on training so far.</summary>
    long ForwardPasses { get; }
    /// <summary>Multiply-accumulates of one clean forward pass.</summary>
    long ForwardMacs { get; }
    /// <summary>Multiply-accumulates spent on training so far, counted by the learner: passes, perturbed passes, updates.</summary>
    long TrainMacs { get; }
    /// <summary>Exact bytes of the arrays the network and learner hold.</summary>
    int StateBytes { get; }
}
