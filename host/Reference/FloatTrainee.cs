using Edge.Core.Learning;
using Edge.Core.Storage;
using Edge.Core.Model;
using Edge.Host.Learn;

namespace Edge.Host.Reference;

/// <summary>Float runs for `edge bench learn`: backprop (the ceiling) and the float twins of the device learners.</summary>
public static class FloatTrainee
{
    public static ITrainee Create(int[] sizes, LearnSettings settings) =>
        settings.Algorithm == LearningAlgorithm.Backprop
            ? new BackpropRun(sizes, settings)
            : new PerturbationRun(sizes, settings);

    private static long MacsOf(int[] sizes)
    {
        long macs = 0;
        for (int l = 0; l + 1 < sizes.Length; l++) macs += (long)sizes[l] * sizes[l + 1];
        return macs;
    }

    /// <summary>ADC code to the value the device sees: code / 2^bits, as Q0.15 does exactly.</summary>
    private static void ToInput(int[] codes, int bits, float[] input)
    {
        float scale = 1f / (1 << bits);
        for (int i = 0; i < input.Length; i++) input[i] = codes[i] * scale;
    }

    private sealed class BackpropRun : ITrainee, IExportsWeights
    {
        private readonly BackpropTrainer _trainer;
        private readonly float[] _input;
        private readonly int _bits;
        private readonly double _baseRate;
        private readonly long _forwardMacs, _backwardMacs;
        private int _inBatch;
        private long _passes;

        public BackpropRun(int[] sizes, LearnSettings settings)
        {
            var network = new FloatMlp(sizes, settings.Seed);
            _trainer = new BackpropTrainer(network)
            {
                LearningRate = (float)settings.BackpropRate,
                BatchSize = settings.Learner.BatchSize,
                Seed = settings.Seed,
                Optimizer = settings.Optimizer,
            };
            _forwardMacs = MacsOf(sizes);
            // backward: every layer's weight gradient, and the deltas of every layer but the first
            _backwardMacs = 2 * _forwardMacs - (long)sizes[0] * sizes[1];
            _input = new float[sizes[0]];
            _bits = settings.AdcBits;
            _baseRate = settings.BackpropRate;
        }

        public void Train(int[] codes, int label)
        {
            ToInput(codes, _bits, _input);
            _trainer.AccumulateHardLabel(_input, label);
            _passes++;
            if (++_inBatch >= _trainer.BatchSize) EndEpoch();
        }

        public void ScheduleEpoch(int epoch, int epochs) => _trainer.LearningRate = (float)(_baseRate * LearningRateSchedule.Factor(epoch, epochs));

        public void EndEpoch()
        {
            if (_inBatch == 0) return;
            _trainer.ApplyGradients();
            _inBatch = 0;
        }

        public int Predict(int[] codes)
        {
            ToInput(codes, _bits, _input);
            return _trainer.Network.Predict(_input);
        }

        public int[] Sizes => _trainer.Network.LayerSizes.ToArray();

        public (short[] Values, int[] Exponents) ExportWeights()
        {
            int[] exponents = FloatWeights.Exponents(_trainer.Network);
            return (FloatWeights.ToStream(_trainer.Network, exponents), exponents);
        }

        public long ForwardPasses => _passes;
        public long ForwardMacs => _forwardMacs;
        public long TrainMacs => _passes * (_forwardMacs + _backwardMacs);
        /// <summary>Weights and gradients, and Adam's two moments or SGD's velocity.</summary>
        public int StateBytes => _trainer.Network.ParameterCount * 4 * (_trainer.Optimizer == Optimizer.Adam ? 4 : 3);
    }

    private sealed class PerturbationRun : ITrainee
    {
        private readonly FloatPerturbation _learner;
        private readonly float[] _input;
        private readonly int _bits;
        private readonly LearnSettings _settings;
        private readonly int[] _sizes;

        public PerturbationRun(int[] sizes, LearnSettings settings)
        {
            var initial = new Network(sizes);
            initial.Initialize(settings.Seed);
            _learner = new FloatPerturbation(settings, sizes, initial.Weights, initial.Biases);
            _input = new float[sizes[0]];
            _bits = settings.AdcBits;
            _settings = settings;
            _sizes = sizes;
        }

        public void ScheduleEpoch(int epoch, int epochs)
        {
            double factor = LearningRateSchedule.Factor(epoch, epochs);
            _learner.HiddenLearningRate = (float)(LearnerSettings.FromQ16(_settings.Learner.HiddenLearningRateQ16) * factor);
            _learner.OutputLearningRate = (float)(LearnerSettings.FromQ16(_settings.Learner.OutputLearningRateQ16) * factor);
        }

        public void Train(int[] codes, int label)
        {
            ToInput(codes, _bits, _input);
            _learner.Train(_input, label);
        }

        public void EndEpoch() => _learner.EndBatch();

        public int Predict(int[] codes)
        {
            ToInput(codes, _bits, _input);
            return _learner.Predict(_input);
        }

        public long ForwardPasses => _learner.ForwardPasses;
        public long ForwardMacs => MacsOf(_sizes);
        public long TrainMacs => _learner.MultiplyAccumulates;
        public int StateBytes => _learner.StateBytes;
    }
}
