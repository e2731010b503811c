using Edge.Core.Storage;
using Edge.Accelerated;
using Edge.Core.Kernels;
using Edge.Core.Learning;
using Edge.Core.Model;

namespace Edge.Host.Learn;

/// <summary>The device's learners of Edge.Core, in integer fixed point, with the host's fastest bit-identical kernel.</summary>
public sealed class FixedPointTrainee : ITrainee, IExportsWeights
{
    private readonly Network _network;
    private readonly Learner _learner;
    private readonly int _adcBits;
    private readonly LearnerSettings _rates;   // the run's rates in Q15.16, which the schedule scales

    public FixedPointTrainee(int[] sizes, LearnSettings settings)
    {
        _adcBits = settings.AdcBits;
        _rates = settings.CoreSettings();
        _network = HostKernels.Accelerate(new Network(sizes));
        _network.Initialize(settings.Seed);
        _learner = Create(_network, settings);
    }

    public Network Network => _network;
    public Learner Learner => _learner;

    public static Learner Create(Network network, LearnSettings settings)
    {
        LearnerSettings core = settings.CoreSettings();   // the learner's own copy: the schedule changes its rates
        return settings.Algorithm switch
        {
            LearningAlgorithm.ActivityPerturbation => new ActivityPerturbation(network, core),
            LearningAlgorithm.ActivityPerturbationLocal => new ActivityPerturbation(network, core),
            LearningAlgorithm.WeightPerturbation => new WeightPerturbation(network, core),
            LearningAlgorithm.ReadoutOnly => new ReadoutOnly(network, core),
            _ => throw new ArgumentException($"'{LearnSettings.AlgorithmName(settings.Algorithm)}' has no fixed-point learner; it runs in float"),
        };
    }

    public void Train(int[] codes, int label)
    {
        AdcInput.ToQ0_15(codes, _adcBits, _network.Input, _network.InputCount);
        _learner.Target.SetLabel(label);
        _learner.Train();
    }

    public void EndEpoch() => _learner.EndBatch();

    public void ScheduleEpoch(int epoch, int epochs)
    {
        _learner.Settings.HiddenLearningRateQ16 = LearningRateSchedule.ScaleQ16(_rates.HiddenLearningRateQ16, epoch, epochs);
        _learner.Settings.OutputLearningRateQ16 = LearningRateSchedule.ScaleQ16(_rates.OutputLearningRateQ16, epoch, epochs);
    }

    public int Predict(int[] codes)
    {
        AdcInput.ToQ0_15(codes, _adcBits, _network.Input, _network.InputCount);
        _network.Forward();
        return _network.Predict();
    }

    public int[] Sizes => (int[])_network.Sizes.Clone();

    public (short[] Values, int[] Exponents) ExportWeights()
    {
        var weights = new short[_network.ParameterCount];
        Edge.Core.Storage.WeightStream.Read(_network, 0, weights, 0, weights.Length);
        return (weights, (int[])_network.WeightExponents.Clone());
    }

    public long ForwardPasses => _learner.ForwardPasses;
    public long ForwardMacs => _network.ForwardMacs;
    public long TrainMacs => _learner.MultiplyAccumulates;
    public int StateBytes => _learner.StateBytes;
}
