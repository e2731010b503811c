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
    private readonly LearnSettings _settings;

    public FixedPointTrainee(int[] sizes, LearnSettings settings)
    {
        _adcBits = settings.AdcBits;
        _settings = settings;
        _network = HostKernels.Accelerate(new Network(sizes));
        _network.Initialize(settings.Seed);
        _learner = Create(_network, settings);
    }

    public Network Network => _network;
    public Learner Learner => _learner;

    public static Learner Create(Network network, LearnSettings settings)
    {
        var core = ToCoreSettings(settings);
        return settings.Algorithm switch
        {
            Algorithm.ActivityPerturbation => new ActivityPerturbation(network, core),
            Algorithm.ActivityPerturbationLocal => new ActivityPerturbation(network, core),
            Algorithm.WeightPerturbation => new WeightPerturbation(network, core),
            Algorithm.ReadoutOnly => new ReadoutOnly(network, core),
            _ => throw new ArgumentException($"'{LearnSettings.AlgorithmName(settings.Algorithm)}' has no fixed-point learner; it runs in float"),
        };
    }

    public static LearnerSettings ToCoreSettings(LearnSettings s) => new()
    {
        HiddenLearningRateQ16 = LearnerSettings.ToQ16(s.HiddenLearningRate),
        OutputLearningRateQ16 = LearnerSettings.ToQ16(s.OutputLearningRate),
        SigmaQ16 = LearnerSettings.ToQ16(s.Sigma),
        Directions = s.Directions,
        Groups = s.Groups,
        BatchSize = s.BatchSize,
        ActiveOnly = s.ActiveOnly,
        CentralDifferences = s.CentralDifferences,
        Algorithm = Edge.Core.Storage.LearningAlgorithm.FromName(LearnSettings.AlgorithmName(s.Algorithm)),
        Seed = s.Seed,
        ExtraWeightBits = s.ExtraWeightBits,
        StepControl = s.StepControl,
    };

    public void Train(int[] codes, int label)
    {
        AdcInput.ToQ0_15(codes, _adcBits, _network.Input, _network.InputCount);
        _learner.Target.SetLabel(label);
        _learner.Train();
    }

    public void EndEpoch() => _learner.EndBatch();

    public void ScheduleEpoch(int epoch, int epochs)
    {
        _learner.Settings.HiddenLearningRateQ16 = LearningRateSchedule.ScaleQ16(LearnerSettings.ToQ16(_settings.HiddenLearningRate), epoch, epochs);
        _learner.Settings.OutputLearningRateQ16 = LearningRateSchedule.ScaleQ16(LearnerSettings.ToQ16(_settings.OutputLearningRate), epoch, epochs);
    }

    public int Predict(int[] codes)
    {
        AdcInput.ToQ0_15(codes, _adcBits, _network.Input, _network.InputCount);
        _network.Forward();
        return _network.Predict();
    }

    public int[] Sizes => (int[])_network.Sizes.Clone();

    public short[] ExportQ3_12()
    {
        var weights = new short[_network.ParameterCount];
        Edge.Core.Storage.WeightStream.Read(_network, 0, weights, 0, weights.Length);
        return weights;
    }

    public long ForwardPasses => _learner.ForwardPasses;
    public long ForwardMacs => _network.ForwardMacs;
    public long TrainMacs => _learner.MultiplyAccumulates;
    public int StateBytes => _learner.StateBytes;
}
