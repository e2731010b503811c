using Edge.Core.Learning;

namespace Edge.Core.Storage
{
    /// <summary>
    /// Everything that defines a model besides its weights: the architecture (layer sizes, input
    /// first), the learner and its hyperparameters, the hidden nonlinearity and the seed of the
    /// initial weights. CONFIGURE carries one, the model image stores one. The learner's settings
    /// are one <see cref="LearnerSettings"/>, not a copy of its fields. Allocation-free except the explicit copies.
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

        /// <summary>Number of dense layers (1..<see cref="MaxLayers"/>).</summary>
        public int LayerCount;
        /// <summary>Layer widths, input first; entries 0..LayerCount are used.</summary>
        public readonly int[] Sizes = new int[MaxLayers + 1];
        /// <summary>A <see cref="LearningAlgorithm"/> id (kept in <see cref="Learner"/>).</summary>
        public byte Algorithm { get { return Learner.Algorithm; } set { Learner.Algorithm = value; } }
        /// <summary>An <see cref="ActivationKind"/>.</summary>
        public byte Activation = ActivationKind.Relu;
        /// <summary>The learner and its hyperparameters (the algorithm id included): the one list of them.</summary>
        public readonly LearnerSettings Learner = new LearnerSettings();
        /// <summary>Seed of the initial weights (Network.Initialize).</summary>
        public ulong InitSeed = 1;

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
            Activation = other.Activation;
            Learner.CopyFrom(other.Learner);
            InitSeed = other.InitSeed;
        }

        /// <summary>A new copy of these settings (allocates: for the host, never per sample).</summary>
        public ModelConfig Clone()
        {
            ModelConfig copy = new ModelConfig();
            copy.CopyFrom(this);
            return copy;
        }

        /// <summary>True when both have the same layer count and sizes.</summary>
        public bool SameArchitecture(ModelConfig other)
        {
            if (other.LayerCount != LayerCount) return false;
            for (int i = 0; i <= LayerCount; i++) if (other.Sizes[i] != Sizes[i]) return false;
            return true;
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
                if (Learner.StepControl) bytes += units * 12 + LayerCount * 24 + (long)OutputCount * 12 * LayerCount;
                return bytes;
            }
        }

        /// <summary>Null when the config is buildable, else a one-line reason.</summary>
        public string? Validate() { return Validate(false); }

        /// <summary>As <see cref="Validate()"/>; with <paramref name="backpropAllowed"/> a float backprop model passes too (see <see cref="LearnerSettings.Validate(bool)"/>).</summary>
        public string? Validate(bool backpropAllowed)
        {
            if (LayerCount < 1 || LayerCount > MaxLayers) return "layer count must be 1..4";
            for (int i = 0; i <= LayerCount; i++)
                if (Sizes[i] < 1 || Sizes[i] > MaxWidth) return "layer sizes must be 1..1024";
            if (OutputCount < 2 || OutputCount > MaxOutputs) return "output size must be 2..256";
            if (ParameterCount > MaxParameters) return "too many parameters (at most 524288)";
            if (!ActivationKind.IsKnown(Activation)) return "unknown activation kind";
            return Learner.Validate(backpropAllowed);   // the algorithm and its settings
        }
    }
}
