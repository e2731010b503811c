using Edge.Core.Learning;

namespace Edge.Core.Storage
{
    /// <summary>
    /// Everything that defines a model besides its weights: the architecture (layer sizes, input
    /// first), the learner and its hyperparameters, the hidden nonlinearity and the seed of the
    /// initial weights. CONFIGURE carries one, the model image stores one. Rates and σ are in
    /// Q15.16, as in <see cref="LearnerSettings"/>. Allocation-free except the explicit copies.
    /// </summary>
    public sealed class ModelConfig
    {
        /// <summary>At most four dense layers (three hidden + output).</summary>
        public const int MaxLayers = 4;
        /// <summary>The widest layer, inputs included.</summary>
        public const int MaxWidth = 1024;
        /// <summary>The most classes: keeps one INFER answer (int32 logits) and one teacher vector well inside a frame.</summary>
        public const int MaxOutputs = 256;
        /// <summary>
        /// The most weights and biases of one model (2^19 = 524,288: a 1 MB image; an activity
        /// perturbation learner then holds about 3 MB with its int32 master weights).
        /// </summary>
        public const int MaxParameters = 1 << 19;
        /// <summary>The most random directions K per sample.</summary>
        public const int MaxDirections = 64;
        /// <summary>The largest mini-batch (stored as uint16).</summary>
        public const int MaxBatch = 0xFFFF;
        /// <summary>The largest learning rate or σ: 256.0 in Q15.16.</summary>
        public const int MaxRateQ16 = 256 << 16;

        /// <summary>Number of dense layers (1..<see cref="MaxLayers"/>).</summary>
        public int LayerCount;
        /// <summary>Layer widths, input first; entries 0..LayerCount are used.</summary>
        public readonly int[] Sizes = new int[MaxLayers + 1];
        /// <summary>A <see cref="LearningAlgorithm"/> id.</summary>
        public byte Algorithm = LearningAlgorithm.ActivityPerturbation;
        /// <summary>An <see cref="ActivationKind"/>.</summary>
        public byte Activation = ActivationKind.Relu;
        /// <summary>Learning rate of the hidden layers, Q15.16.</summary>
        public int HiddenLearningRateQ16 = 655;
        /// <summary>Learning rate of the output layer, Q15.16.</summary>
        public int OutputLearningRateQ16 = 6554;
        /// <summary>Perturbation size σ, Q15.16.</summary>
        public int SigmaQ16 = 655;
        /// <summary>Random directions K per sample.</summary>
        public int Directions = 1;
        /// <summary>Groups G of hidden units, one perturbed pass each.</summary>
        public int Groups = 1;
        /// <summary>Samples per mini-batch.</summary>
        public int BatchSize = 16;
        /// <summary>Perturb only units active on this sample.</summary>
        public bool ActiveOnly;
        /// <summary>Central instead of forward differences.</summary>
        public bool CentralDifferences;
        /// <summary>Bits kept below each int16 weight's LSB: 16 (int32 masters), 8, 4, 2 or 0 (LearnerSettings.ExtraWeightBits).</summary>
        public int ExtraWeightBits = 16;
        /// <summary>Normalised steps (LearnerSettings.StepControl).</summary>
        public bool StepControl;
        /// <summary>Seed of the perturbation directions (LearnerSettings.Seed).</summary>
        public ulong LearnerSeed = 1;
        /// <summary>Seed of the initial weights (Network.Initialize).</summary>
        public ulong InitSeed = 1;

        private const int FlagActiveOnly = 1;
        private const int FlagCentral = 2;
        private const int ExtraBitsShift = 2;   // bits 2..4: 0 = 16 extra bits (the default), 1 = 8, 2 = 4, 3 = 2, 4 = 0
        private const int FlagStepControl = 32;

        /// <summary>
        /// The flags byte of the config block and of the model image: bit 0 active-only, bit 1 central
        /// differences, bits 2–4 the extra weight bits (0: 16, 1: 8, 2: 4, 3: 2, 4: 0), bit 5 step control.
        /// </summary>
        public byte Flags
        {
            get
            {
                int code = ExtraWeightBits == 16 ? 0 : ExtraWeightBits == 8 ? 1 : ExtraWeightBits == 4 ? 2 : ExtraWeightBits == 2 ? 3 : 4;
                return (byte)((ActiveOnly ? FlagActiveOnly : 0) | (CentralDifferences ? FlagCentral : 0) | (code << ExtraBitsShift)
                              | (StepControl ? FlagStepControl : 0));
            }
        }

        /// <summary>Sets the fields of a flags byte; false (nothing changed) for unknown bits or codes.</summary>
        public bool SetFlags(int flags)
        {
            int code = (flags >> ExtraBitsShift) & 7;
            if ((flags & ~(FlagActiveOnly | FlagCentral | (7 << ExtraBitsShift) | FlagStepControl)) != 0 || code > 4) return false;
            ActiveOnly = (flags & FlagActiveOnly) != 0;
            CentralDifferences = (flags & FlagCentral) != 0;
            StepControl = (flags & FlagStepControl) != 0;
            ExtraWeightBits = code == 0 ? 16 : code == 1 ? 8 : code == 2 ? 4 : code == 3 ? 2 : 0;
            return true;
        }

        public int InputCount { get { return Sizes[0]; } }
        public int OutputCount { get { return Sizes[LayerCount]; } }

        /// <summary>Sets the architecture from sizes (input first); false (nothing changed) unless it has 2..MaxLayers+1 entries.</summary>
        public bool SetSizes(int[] sizes)
        {
            if (sizes == null || sizes.Length < 2 || sizes.Length > MaxLayers + 1) return false;
            LayerCount = sizes.Length - 1;
            for (int i = 0; i < Sizes.Length; i++) Sizes[i] = i < sizes.Length ? sizes[i] : 0;
            return true;
        }

        /// <summary>A new array of the LayerCount + 1 sizes (allocates: for building a network).</summary>
        public int[] CopySizes()
        {
            int[] sizes = new int[LayerCount + 1];
            for (int i = 0; i <= LayerCount; i++) sizes[i] = Sizes[i];
            return sizes;
        }

        public void CopyFrom(ModelConfig other)
        {
            LayerCount = other.LayerCount;
            for (int i = 0; i < Sizes.Length; i++) Sizes[i] = other.Sizes[i];
            Algorithm = other.Algorithm;
            Activation = other.Activation;
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
            LearnerSeed = other.LearnerSeed;
            InitSeed = other.InitSeed;
        }

        /// <summary>True when both have the same layer count and sizes.</summary>
        public bool SameArchitecture(ModelConfig other)
        {
            if (other.LayerCount != LayerCount) return false;
            for (int i = 0; i <= LayerCount; i++) if (other.Sizes[i] != Sizes[i]) return false;
            return true;
        }

        /// <summary>Copies the learner's fields from <paramref name="settings"/> (LocalLosses comes from <see cref="Algorithm"/>).</summary>
        public void SetLearnerSettings(LearnerSettings settings)
        {
            HiddenLearningRateQ16 = settings.HiddenLearningRateQ16;
            OutputLearningRateQ16 = settings.OutputLearningRateQ16;
            SigmaQ16 = settings.SigmaQ16;
            Directions = settings.Directions;
            Groups = settings.Groups;
            BatchSize = settings.BatchSize;
            ActiveOnly = settings.ActiveOnly;
            CentralDifferences = settings.CentralDifferences;
            ExtraWeightBits = settings.ExtraWeightBits;
            StepControl = settings.StepControl;
            LearnerSeed = settings.Seed;
        }

        /// <summary>New learner settings from these fields (allocates: once per model build).</summary>
        public LearnerSettings ToLearnerSettings()
        {
            LearnerSettings s = new LearnerSettings();
            s.HiddenLearningRateQ16 = HiddenLearningRateQ16;
            s.OutputLearningRateQ16 = OutputLearningRateQ16;
            s.SigmaQ16 = SigmaQ16;
            s.Directions = Directions;
            s.Groups = Groups;
            s.BatchSize = BatchSize;
            s.ActiveOnly = ActiveOnly;
            s.CentralDifferences = CentralDifferences;
            s.LocalLosses = Algorithm == LearningAlgorithm.ActivityPerturbationLocal;
            s.ExtraWeightBits = ExtraWeightBits;
            s.StepControl = StepControl;
            s.Seed = LearnerSeed;
            return s;
        }

        /// <summary>Weights and biases of all layers (long: meaningful even for unvalidated sizes).</summary>
        public long ParameterCount
        {
            get
            {
                long n = 0;
                for (int l = 0; l < LayerCount && l < MaxLayers; l++) n += ((long)Sizes[l] + 1) * Sizes[l + 1];
                return n;
            }
        }

        /// <summary>
        /// An upper estimate of the bytes a network and its learner hold for this config, computed
        /// before anything is allocated: int16 weights + int32 masters per parameter, the
        /// activation and scratch buffers per unit, each layer's pending mini-batch
        /// (<see cref="Learning.MasterWeights"/>), and the readout heads of local losses.
        /// </summary>
        public long EstimatedStateBytes
        {
            get
            {
                long units = 0;
                for (int l = 0; l <= LayerCount && l <= MaxLayers; l++) units += Sizes[l];
                long bytes = ParameterCount * 6 + units * 40 + 1024;
                // pending batch per layer: Capacity/2 packed int32 inputs, Capacity int64 steps, Capacity/2 mantissa pairs and a shift per unit
                const int capacity = Learning.MasterWeights.Capacity;
                for (int l = 0; l < LayerCount && l < MaxLayers; l++)
                    bytes += (long)capacity / 2 * 4 * Sizes[l] + ((long)capacity * 8 + capacity / 2 * 4 + 4) * Sizes[l + 1];
                if (Algorithm == LearningAlgorithm.ActivityPerturbationLocal)
                    for (int l = 1; l < LayerCount - 1; l++) bytes += ((long)Sizes[l] + 1) * OutputCount * 6;
                if (Algorithm == LearningAlgorithm.WeightPerturbation) bytes += ParameterCount * 2;
                if (StepControl) bytes += units * 12 + LayerCount * 24 + (long)OutputCount * 12 * LayerCount;
                return bytes;
            }
        }

        /// <summary>Null when the config is buildable, else a one-line reason.</summary>
        public string? Validate()
        {
            if (LayerCount < 1 || LayerCount > MaxLayers) return "layer count must be 1..4";
            for (int i = 0; i <= LayerCount; i++)
                if (Sizes[i] < 1 || Sizes[i] > MaxWidth) return "layer sizes must be 1..1024";
            if (OutputCount < 2 || OutputCount > MaxOutputs) return "output size must be 2..256";
            if (ParameterCount > MaxParameters) return "too many parameters (at most 524288)";
            if (!LearningAlgorithm.IsKnown(Algorithm)) return "unknown algorithm";
            if (!ActivationKind.IsKnown(Activation)) return "unknown activation kind";
            if (HiddenLearningRateQ16 < 0 || HiddenLearningRateQ16 > MaxRateQ16
                || OutputLearningRateQ16 < 0 || OutputLearningRateQ16 > MaxRateQ16) return "learning rates must be 0..256";
            if (SigmaQ16 < 1 || SigmaQ16 > MaxRateQ16) return "sigma must be in (0, 256]";
            if (Directions < 1 || Directions > MaxDirections) return "directions K must be 1..64";
            if (Groups < 1 || Groups > MaxWidth) return "groups G must be 1..1024";
            if (BatchSize < 1 || BatchSize > MaxBatch) return "batch size must be 1..65535";
            if (ExtraWeightBits != 16 && ExtraWeightBits != 8 && ExtraWeightBits != 4 && ExtraWeightBits != 2 && ExtraWeightBits != 0)
                return "extra weight bits must be 16, 8, 4, 2 or 0";
            if (Algorithm == LearningAlgorithm.WeightPerturbation && ExtraWeightBits != 16)
                return "weight perturbation needs int32 master weights (extra bits 16)";
            return null;
        }
    }
}
