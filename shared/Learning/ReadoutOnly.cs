using Edge.Core.Model;

namespace Edge.Core.Learning
{
    /// <summary>
    /// The control: hidden layers stay at their random initialisation and only the output layer
    /// learns, from its exact delta. If a learner cannot beat this, its hidden layers learned nothing.
    /// </summary>
    public sealed class ReadoutOnly : Learner
    {
        public ReadoutOnly(Network network, LearnerSettings settings) : base(network, settings, false) { }

        protected override void TrainSample()
        {
            CleanPass();
            StepLayer(Network.LayerCount - 1, OutputGradient, Settings.OutputLearningRateQ16);
        }
    }
}
