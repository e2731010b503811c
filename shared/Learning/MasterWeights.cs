using Edge.Core.Kernels;
using Edge.Core.Numerics;

namespace Edge.Core.Learning
{
    /// <summary>
    /// int32 master copies of one layer's int16 Q3.12 weights and biases, in Q3.28 (Q(3+e).(28−e) for a
    /// layer of weight exponent e, <see cref="WeightStore"/>): the int16 value
    /// shifted left 16 with 16 more bits below its LSB, so updates far smaller than one weight LSB
    /// accumulate instead of vanishing. <see cref="Commit"/> rounds the masters into the int16 weights
    /// the forward pass uses, so every sample of a mini-batch sees the same weights (true mini-batch SGD).
    ///
    /// A sample's step of the layer is the outer product c ⊗ x (c_o = lr·g_o/B in Q.32, x the layer's
    /// input), and a mini-batch's is Σ_b c_b ⊗ x_b: a matrix product. So a step only records c_b and
    /// x_b, and the batch is applied at once when it is full (<see cref="Capacity"/> samples) or
    /// committed: per unit o, the batch's steps share one exponent, c_b,o ≈ m_b,o · 2^e_o with 15-bit
    /// mantissas (the exponent of the largest |c_b,o|; <see cref="IWeightUpdateKernel.PrepareRows"/>), and each master moves
    /// by round(Σ_b m_b,o · x_b[j] · 2^e_o) in one exact int64 sum and one rounding. Two samples'
    /// int16 mantissas and inputs sit side by side in an int32 (the operands of vpmaddwd or a
    /// Cortex-M SMLAD), so a host twin does two samples' multiply-adds in one instruction
    /// (<see cref="IWeightUpdateKernel.SubtractPairedProducts"/>). Biases move by round(Σ_b c_b,o), also
    /// once per batch. A step smaller than 2^-15 of its unit's largest in the batch loses its last bits:
    /// the batch's sum is exact to 2^-15 of its largest term.
    ///
    /// Costs 4 bytes per weight and bias, plus the pending batch: Capacity/2 · in int32 inputs and
    /// Capacity · out int64 steps, and per unit Capacity/2 mantissa pairs and a shift.
    /// </summary>
    public sealed class MasterWeights : WeightStore
    {
        /// <summary>Extra fractional bits of the masters over the int16 weights.</summary>
        public const int ExtraBits = 16;
        /// <summary>Fractional bits of the masters (Q3.28).</summary>
        public const int MasterFrac = Q.WeightFrac + ExtraBits;
        /// <summary>Samples whose steps are held before they are applied (a mini-batch of 16, or a part of a larger one).</summary>
        public const int Capacity = 16;

        public readonly int[] Weights;
        public readonly int[] Biases;

        private readonly IWeightUpdateKernel _kernel;
        private readonly int[] _pendingInputs;   // [Capacity/2, in]: {x_2q[j] (low 16 bits), x_2q+1[j] (high 16 bits)}
        private readonly long[] _pendingSteps;   // [Capacity, out]: c_b,o in Q.32
        private readonly int[] _pairs;           // [Capacity/2, out]: {m_2q,o (low), m_2q+1,o (high)}
        private readonly int[] _shifts;          // [out]: rounding shift of unit o's row, or NoChange
        private int _pending;
        private int _pendingInFrac;

        public MasterWeights(short[] weights, short[] biases, int inCount) : this(weights, biases, inCount, PortableWeightUpdateKernel.Instance) { }

        public MasterWeights(short[] weights, short[] biases, int inCount, IWeightUpdateKernel kernel) : base(weights, biases, inCount)
        {
            _kernel = kernel;
            Weights = new int[weights.Length];
            Biases = new int[biases.Length];
            _pendingInputs = new int[Capacity / 2 * inCount];
            _pendingSteps = new long[Capacity * biases.Length];
            _pairs = new int[Capacity / 2 * biases.Length];
            _shifts = new int[biases.Length];
            Reload();
        }

        /// <summary>Samples recorded and not yet applied to the masters.</summary>
        public int Pending { get { return _pending; } }

        /// <summary>Drops the pending steps and takes the int16 weights as the truth.</summary>
        public override void Reload()
        {
            _pending = 0;
            for (int i = 0; i < Weights16.Length; i++) Weights[i] = Weights16[i] << ExtraBits;
            for (int i = 0; i < Biases16.Length; i++) Biases[i] = Biases16[i] << ExtraBits;
        }

        /// <summary>Records one sample's step: c_o for every unit and the input; applies the batch once it is full.</summary>
        public override void Step(int[] unitGradientQ16, int learningRateQ16, int batchSize, short[] input, int inFrac)
        {
            if (_pending > 0 && inFrac != _pendingInFrac) Apply();   // one input format per batch (a layer never changes it)
            int units = Biases16.Length;
            int first = _pending * units;
            if ((batchSize & (batchSize - 1)) == 0)
                _kernel.ScaleSteps(unitGradientQ16, units, learningRateQ16, BitLength.Of((ulong)batchSize) - 1, _pendingSteps, first);
            else
                for (int o = 0; o < units; o++) _pendingSteps[first + o] = StepScalar(unitGradientQ16[o], learningRateQ16, batchSize);
            _kernel.PackInput(input, InCount, _pendingInputs, (_pending >> 1) * InCount, (_pending & 1) != 0);
            _pendingInFrac = inFrac;
            if (++_pending == Capacity) Apply();
        }

        /// <summary>Applies the pending steps, then rounds the masters into the int16 weights and biases (halving them all first when one reached the range's end).</summary>
        public override void Commit()
        {
            Apply();
            bool reached = _kernel.RoundToInt16(Weights, Weights16, ExtraBits);
            reached |= _kernel.RoundToInt16(Biases, Biases16, ExtraBits);
            RaiseExponentIf(reached);
        }

        protected override void HalveValues()
        {
            for (int i = 0; i < Weights.Length; i++) Weights[i] = Sat.ShiftRound32(Weights[i], 1);
            for (int i = 0; i < Biases.Length; i++) Biases[i] = Sat.ShiftRound32(Biases[i], 1);
            _kernel.RoundToInt16(Weights, Weights16, ExtraBits);
            _kernel.RoundToInt16(Biases, Biases16, ExtraBits);
        }

        /// <summary>Moves the masters by the pending samples' steps and empties the batch.</summary>
        private void Apply()
        {
            if (_pending == 0) return;
            int units = Biases16.Length;
            int samples = _pending;
            if ((samples & 1) != 0)
            {
                // an odd batch: its last pair gets a zero step as partner (the stale input beside it is multiplied by 0)
                for (int o = 0; o < units; o++) _pendingSteps[samples * units + o] = 0;
                samples++;
            }
            int pairCount = samples >> 1;
            // m · x is in Q.(32 − e + inFrac); the masters are Q.28, Q.(28 − layer exponent) in the step's units
            int exponent = Exponent;
            _kernel.PrepareRows(_pendingSteps, units, pairCount, Biases, 32 - MasterFrac + exponent, 32 + _pendingInFrac - MasterFrac + exponent, _pairs, _shifts);
            _kernel.SubtractPairedProducts(Weights, _pendingInputs, InCount, units, pairCount, _pairs, units, _shifts);
            _pending = 0;
        }

        public override int StateBytes
        {
            get
            {
                return Weights.Length * 4 + Biases.Length * 4 + _pendingInputs.Length * 4 + _pendingSteps.Length * 8
                     + _pairs.Length * 4 + _shifts.Length * 4;
            }
        }
    }
}
