using Edge.Core.Numerics;
using Edge.Core.Storage;

namespace Edge.Core.Learning
{
    /// <summary>
    /// The learner and its hyperparameters: the one list of them, which the model config, the wire
    /// (ConfigCodec), the model image, the learners and the host all use. Rates and σ are in Q15.16
    /// (0.01 = 655); σ is in units of pre-activation for activity perturbation and of weight value
    /// for weight perturbation.
    /// </summary>
    public sealed class LearnerSettings
    {
        /// <summary>The most random directions K per sample.</summary>
        public const int MaxDirections = 64;
        /// <summary>The most groups G (the widest layer).</summary>
        public const int MaxGroups = 1024;
        /// <summary>The largest mini-batch (stored as uint16).</summary>
        public const int MaxBatch = 0xFFFF;
        /// <summary>The largest learning rate or σ: 256.0 in Q15.16.</summary>
        public const int MaxRateQ16 = 256 << 16;

        /// <summary>A <see cref="LearningAlgorithm"/> id.</summary>
        public byte Algorithm = LearningAlgorithm.ActivityPerturbation;
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
        /// <summary>Local losses: each hidden layer learns from its own readout head (the ap-local algorithm).</summary>
        public bool LocalLosses { get { return Algorithm == LearningAlgorithm.ActivityPerturbationLocal; } }
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
        /// <summary>
        /// Centred steps: each hidden layer steps along its input minus that input's running mean
        /// (<see cref="Learning.InputCentring"/>), so a step moves the layer's outputs less alike for every sample; the
        /// output layer steps as before. Off by default (docs/learning.md).
        /// </summary>
        public bool CentredSteps;
        /// <summary>Seed of the perturbation directions.</summary>
        public ulong Seed = 1;

        private const int FlagActiveOnly = 1;
        private const int FlagCentral = 2;
        private const int ExtraBitsShift = 2;   // bits 2..4: 0 = 16 extra bits (the default), 1 = 8, 2 = 4, 3 = 2, 4 = 0
        private const int FlagStepControl = 32;
        private const int FlagCentredSteps = 64;

        /// <summary>
        /// The flags byte of the config block and of the model image: bit 0 active-only, bit 1 central
        /// differences, bits 2–4 the extra weight bits (0: 16, 1: 8, 2: 4, 3: 2, 4: 0), bit 5 step control, bit 6 centred steps.
        /// </summary>
        public byte Flags
        {
            get
            {
                int code = ExtraWeightBits == 16 ? 0 : ExtraWeightBits == 8 ? 1 : ExtraWeightBits == 4 ? 2 : ExtraWeightBits == 2 ? 3 : 4;
                return (byte)((ActiveOnly ? FlagActiveOnly : 0) | (CentralDifferences ? FlagCentral : 0) | (code << ExtraBitsShift)
                              | (StepControl ? FlagStepControl : 0) | (CentredSteps ? FlagCentredSteps : 0));
            }
        }

        /// <summary>Sets the fields of a flags byte; false (nothing changed) for unknown bits or codes.</summary>
        public bool SetFlags(int flags)
        {
            int code = (flags >> ExtraBitsShift) & 7;
            if ((flags & ~(FlagActiveOnly | FlagCentral | (7 << ExtraBitsShift) | FlagStepControl | FlagCentredSteps)) != 0 || code > 4) return false;
            ActiveOnly = (flags & FlagActiveOnly) != 0;
            CentralDifferences = (flags & FlagCentral) != 0;
            StepControl = (flags & FlagStepControl) != 0;
            CentredSteps = (flags & FlagCentredSteps) != 0;
            ExtraWeightBits = code == 0 ? 16 : code == 1 ? 8 : code == 2 ? 4 : code == 3 ? 2 : 0;
            return true;
        }

        /// <summary>Copies every setting of <paramref name="other"/> (allocation-free).</summary>
        public void CopyFrom(LearnerSettings other)
        {
            Algorithm = other.Algorithm;
            HiddenLearningRateQ16 = other.HiddenLearningRateQ16;
            OutputLearningRateQ16 = other.OutputLearningRateQ16;
            SigmaQ16 = other.SigmaQ16;
            Directions = other.Directions;
            Groups = other.Groups;
            BatchSize = other.BatchSize;
            ActiveOnly = other.ActiveOnly;
            CentralDifferences = other.CentralDifferences;
            ExtraWeightBits = other.ExtraWeightBits;
            StepControl = other.StepControl;
            CentredSteps = other.CentredSteps;
            Seed = other.Seed;
        }

        /// <summary>A new copy (allocates: once per model build).</summary>
        public LearnerSettings Clone()
        {
            LearnerSettings copy = new LearnerSettings();
            copy.CopyFrom(this);
            return copy;
        }

        /// <summary>
        /// Null when these settings are usable, else a one-line reason: the one validator, which the
        /// firmware (CONFIGURE, LOAD) and the host (flash, bench learn) both call.
        /// </summary>
        public string? Validate() { return Validate(false); }

        /// <summary>
        /// As <see cref="Validate()"/>; with <paramref name="backpropAllowed"/> float backprop's settings pass
        /// too: a model image may record them (bench learn --algo bp --out), though no device trains bp.
        /// </summary>
        public string? Validate(bool backpropAllowed)
        {
            bool named = LearningAlgorithm.IsKnown(Algorithm) || (backpropAllowed && Algorithm == LearningAlgorithm.Backprop);
            if (!named) return "unknown algorithm";
            if (HiddenLearningRateQ16 < 0 || HiddenLearningRateQ16 > MaxRateQ16
                || OutputLearningRateQ16 < 0 || OutputLearningRateQ16 > MaxRateQ16) return "learning rates must be 0..256";
            if (SigmaQ16 < 1 || SigmaQ16 > MaxRateQ16) return "sigma must be in (0, 256]";
            if (Directions < 1 || Directions > MaxDirections) return "directions K must be 1..64";
            if (Groups < 1 || Groups > MaxGroups) return "groups G must be 1..1024";
            if (BatchSize < 1 || BatchSize > MaxBatch) return "batch size must be 1..65535";
            if (ExtraWeightBits != 16 && ExtraWeightBits != 8 && ExtraWeightBits != 4 && ExtraWeightBits != 2 && ExtraWeightBits != 0)
                return "extra weight bits must be 16, 8, 4, 2 or 0";
            if (Algorithm == LearningAlgorithm.WeightPerturbation && ExtraWeightBits != 16)
                return "weight perturbation needs int32 master weights (extra bits 16)";
            return null;
        }

        /// <summary>Converts a real number to Q15.16 (host-side convenience; device code passes Q15.16 directly).</summary>
        public static int ToQ16(double value) { return (int)(value * Q.One16 + (value >= 0 ? 0.5 : -0.5)); }

        /// <summary>The real number a Q15.16 value is (host-side: reports and the float twins).</summary>
        public static double FromQ16(int q16) { return q16 / (double)Q.One16; }
    }
}
