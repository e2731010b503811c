using Edge.Core.Numerics;

namespace Edge.Core.Learning
{
    /// <summary>
    /// int32 master copies of one layer's int16 Q3.12 weights and biases, in Q3.28: the int16 value
    /// shifted left 16 with 16 more bits below its LSB, so updates far smaller than one weight LSB
    /// accumulate instead of vanishing. Updates go to the masters during a mini-batch; <see cref="Commit"/>
    /// rounds them into the int16 weights the forward pass uses, so every sample of a batch sees the
    /// same weights (true mini-batch SGD). Costs 4 bytes per weight.
    /// </summary>
    public sealed class MasterWeights : WeightStore
    {
        /// <summary>Extra fractional bits of the masters over the int16 weights.</summary>
        public const int ExtraBits = 16;
        /// <summary>Fractional bits of the masters (Q3.28).</summary>
        public const int MasterFrac = Q.WeightFrac + ExtraBits;

        public readonly int[] Weights;
        public readonly int[] Biases;

        public MasterWeights(short[] weights, short[] biases, int inCount) : base(weights, biases, inCount)
        {
            Weights = new int[weights.Length];
            Biases = new int[biases.Length];
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

        protected override void AddWeight(int index, long product, int productFrac)
        {
            Weights[index] = Sat.ToInt32(Weights[index] - Sat.ShiftRound(product, productFrac - MasterFrac));
        }

        /// <summary>Rounds the masters into the int16 Q3.12 weights and biases.</summary>
        public override void Commit()
        {
            for (int i = 0; i < Weights.Length; i++) Weights16[i] = Sat.ShiftRound16(Weights[i], ExtraBits);
            for (int i = 0; i < Biases.Length; i++) Biases16[i] = Sat.ShiftRound16(Biases[i], ExtraBits);
        }

        public override int StateBytes { get { return Weights.Length * 4 + Biases.Length * 4; } }
    }
}
