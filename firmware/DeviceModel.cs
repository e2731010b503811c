using Edge.Core.Kernels;
using Edge.Core.Learning;
using Edge.Core.Model;
using Edge.Core.Storage;

namespace Edge.Firmware
{
    /// <summary>
    /// The model the firmware runs: its config, the network, the learner, a teacher buffer for soft
    /// targets and the counters STATS reports. Everything is allocated here, once, so requests
    /// that use the model allocate nothing.
    /// </summary>
    public sealed class DeviceModel
    {
        public readonly ModelConfig Config = new ModelConfig();
        public readonly Network Network;
        public readonly Learner Learner;
        /// <summary>Teacher logits or probabilities of the current soft-target sample, Q15.16.</summary>
        public readonly int[] Teacher;

        /// <summary>Clean passes run for INFER (and for the prediction of weight-perturbation training).</summary>
        public long InferencePasses;
        /// <summary>Running train accuracy: samples whose clean prediction matched their label (or teacher's top class).</summary>
        public uint Correct;
        /// <summary>Running train accuracy: samples counted.</summary>
        public uint Counted;
        /// <summary>Generation of the image this model was last saved as or loaded from (0: never).</summary>
        public uint Generation;

        /// <summary>Builds the network (initialised from config.InitSeed) and its learner.</summary>
        public DeviceModel(ModelConfig config, IActivation? activation, KernelSet kernels)
        {
            Config.CopyFrom(config);
            Network = new Network(Config.CopySizes());
            if (activation != null) Network.Activation = activation;
            Network.Kernels = kernels;
            Network.Initialize(Config.InitSeed);
            Learner = LearnerFactory.Create(Network, Config);
            Teacher = new int[Config.OutputCount];
        }

        /// <summary>Every forward pass: the learner's (clean and perturbed) plus inference.</summary>
        public long ForwardPasses { get { return Learner.ForwardPasses + InferencePasses; } }
    }
}
