using Edge.Core.Numerics;

namespace Edge.Core.Learning
{
    /// <summary>
    /// Hyperparameters of the learners. Rates and σ are in Q15.16 (0.01 = 655); σ is in units of
    /// pre-activation for activity perturbation and of weight value for weight perturbation.
    /// </summary>
    public sealed class LearnerSettings
    {
        /// <summary>Learning rate of the hidden layers, Q15.16.</summary>
        public int HiddenLearningRateQ16 = 655;
        /// <summary>Learning rate of the output layer (and local readout heads), Q15.16.</summary>
        public int OutputLearningRateQ16 = 6554;
        /// <summary>Perturbation size σ, Q15.16.</summary>
        public int SigmaQ16 = 655;
        /// <summary>Random directions K per sample (their estimates are averaged).</summary>
        public int Directions = 1;
        /// <summary>Groups G the hidden units of a layer are split into, one perturbed pass per group.</summary>
        public int Groups = 1;
        /// <summary>Samples per mini-batch; weights change only between batches.</summary>
        public int BatchSize = 16;
        /// <summary>Perturb only units whose measured activation is non-zero on this sample.</summary>
        public bool ActiveOnly;
        /// <summary>Central differences (two passes per group) instead of forward differences against the clean pass.</summary>
        public bool CentralDifferences;
        /// <summary>Local losses: each hidden layer learns from its own readout head (activity perturbation only).</summary>
        public bool LocalLosses;
        /// <summary>
        /// Bits kept below each int16 weight's LSB so small updates survive: 16 (int32 master weights,
        /// true mini-batches), 8, 4 or 2 (packed low bits, updates per sample) or 0 (stochastic rounding).
        /// </summary>
        public int ExtraWeightBits = 16;
        /// <summary>
        /// Normalise every unit's steps by the running RMS of its estimates and each layer's by its input's
        /// RMS (<see cref="Learning.StepControl"/>); rates are then about the step of a weight.
        /// </summary>
        public bool StepControl;
        /// <summary>Seed of the perturbation directions.</summary>
        public ulong Seed = 1;

        /// <summary>Converts a real number to Q15.16 (host-side convenience; device code passes Q15.16 directly).</summary>
        public static int ToQ16(double value) { return (int)(value * Q.One16 + (value >= 0 ? 0.5 : -0.5)); }
    }
}
