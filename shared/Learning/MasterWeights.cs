using Edge.Core.Kernels;
using Edge.Core.Numerics;

namespace Edge.Core.Learning
{
    /// <summary>
    /// int32 master copies of one layer's int16 Q3.12 weights and biases, in Q3.28: the int16 value
    /// shifted left 16 with 16 more bits below its LSB, so updates far smaller than one weight LSB
    /// accumulate instead of vanishing. Updates go to the masters during a mini-batch; <see cref="Commit"/>
    /// rounds them into the int16 weights the forward pass uses, so every sample of a batch sees the
    /// same weights (true mini-batch SGD). Costs 4 bytes per weight.
    ///
    /// A unit's step c = lr·g/B (Q.32) is first put in block floating point, c ≈ m·2^e with a 15-bit
    /// mantissa m (<see cref="WeightStore.ToMantissa"/>), so each weight's update is round(m·x / 2^s),
    /// an int32 product and one rounding shift: the loop a host runs as a bit-identical SIMD twin
    /// (<see cref="IWeightUpdateKernel"/>). The relative error of m is below 2^-15 of the step.
    /// </summary>
    public sealed class MasterWeights : WeightStore
    {
        /// <summary>Extra fractional bits of the masters over the int16 weights.</summary>
        public const int ExtraBits = 16;
        /// <summary>Fractional bits of the masters (Q3.28).</summary>
        public const int MasterFrac = Q.WeightFrac + ExtraBits;

        public readonly int[] Weights;
        public readonly int[] Biases;

        private readonly IWeightUpdateKernel _kernel;
        private readonly int[] _mantissas;   // one step's per-unit mantissa (0: the unit does not move) ...
        private readonly int[] _shifts;      // ... and rounding shift

        public MasterWeights(short[] weights, short[] biases, int inCount) : this(weights, biases, inCount, PortableWeightUpdateKernel.Instance) { }

        public MasterWeights(short[] weights, short[] biases, int inCount, IWeightUpdateKernel kernel) : base(weights, biases, inCount)
        {
            _kernel = kernel;
            Weights = new int[weights.Length];
            Biases = new int[biases.Length];
            _mantissas = new int[biases.Length];
            _shifts = new int[biases.Length];
            Reload();
        }

        public override void Reload()
        {
            for (int i = 0; i < Weights16.Length; i++) Weights[i] = Weights16[i] << ExtraBits;
            for (int i = 0; i < Biases16.Length; i++) Biases[i] = Biases16[i] << ExtraBits;
        }

        protected override void AddBias(int unit, long c)
        {
            Biases[unit] = Sat.ToInt32(Biases[unit] - Sat.ShiftRound(c, 32 - MasterFrac));
        }

        /// <summary>
        /// The layer's step in two passes: the per-unit scalars (bias step, mantissa and shift), then
        /// every row in one kernel call. The same arithmetic as the base class's row-by-row loop.
        /// </summary>
        public override void Step(int[] unitGradientQ16, int learningRateQ16, int batchSize, short[] input, int inFrac)
        {
            for (int o = 0; o < _mantissas.Length; o++)
            {
                long c = StepScalar(unitGradientQ16[o], learningRateQ16, batchSize);
                if (c == 0) { _mantissas[o] = 0; continue; }
                AddBias(o, c);
                int exponent;
                _mantissas[o] = ToMantissa(c, out exponent);
                _shifts[o] = 32 + inFrac - exponent - MasterFrac;
            }
            _kernel.SubtractScaledRows(Weights, input, InCount, _mantissas.Length, _mantissas, _shifts);
        }

        /// <summary>W[row + j] −= round(m·x[j] / 2^s), with c ≈ m·2^e in Q.32 and s = 32 + inFrac − e − 28.</summary>
        protected override void StepRow(int row, long c, short[] input, int inFrac)
        {
            int exponent;
            int mantissa = ToMantissa(c, out exponent);
            _kernel.SubtractScaledRow(Weights, row, input, InCount, mantissa, 32 + inFrac - exponent - MasterFrac);
        }

        protected override void AddWeight(int index, long product, int productFrac)
        {
            Weights[index] = Sat.ToInt32(Weights[index] - Sat.ShiftRound(product, productFrac - MasterFrac));
        }

        /// <summary>Rounds the masters into the int16 Q3.12 weights and biases.</summary>
        public override void Commit()
        {
            _kernel.RoundToInt16(Weights, Weights16, ExtraBits);
            _kernel.RoundToInt16(Biases, Biases16, ExtraBits);
        }

        public override int StateBytes { get { return Weights.Length * 4 + Biases.Length * 4 + _mantissas.Length * 4 + _shifts.Length * 4; } }
    }
}
