using Edge.Core.Learning;
using Edge.Core.Model;
using Edge.Core.Storage;

namespace Edge.Firmware
{
    /// <summary>Builds the learner a <see cref="ModelConfig"/> names, over a network of its architecture.</summary>
    public static class LearnerFactory
    {
        /// <summary>The learner uses <paramref name="config"/>'s own settings, so SET_RATES changes both at once.</summary>
        public static Learner Create(Network network, ModelConfig config)
        {
            LearnerSettings settings = config.Learner;
            switch (config.Algorithm)
            {
                case LearningAlgorithm.WeightPerturbation: return new WeightPerturbation(network, settings);
                case LearningAlgorithm.ReadoutOnly: return new ReadoutOnly(network, settings);
                case LearningAlgorithm.ActivityPerturbation:
                case LearningAlgorithm.ActivityPerturbationLocal: return new ActivityPerturbation(network, settings);
                default: throw new System.ArgumentException("unknown algorithm");
            }
        }
    }
}
