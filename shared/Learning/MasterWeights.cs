using Edge.Core.Numerics;

namespace Edge.Core.Learning
{
    /// <summary>
    /// int32 master copies of one layer's int16 Q3.12 weights and biases, in Q3.28: the int16 value
    /// shifted left 16 with 16 more bits below its LSB, so updates far smaller than one weight LSB
    /// accumulate instead of vanishing. Updates go to the masters during a mini-batch; <see cref="Commit"/>
    /// rounds them into the int16 weights the forward pass uses, so every sample of a batch sees the
    /// same weights (true mini-batch SGD).
    /// </summary>
    public sealed class MasterWeights
    {
        /// <summary>Extra fractional bits of the masters over the int16 weights.</summary>
        public const int ExtraBits = 16;
        /// <summary>Fractional bits of the masters (Q3.28).</summary>
        public const int MasterFrac = Q.WeightFrac + ExtraBits;

        private readonly short[] _weights;
        private readonly short[] _biases;
        public readonly int[] Weights;
        public readonly int[] Biases;
        private readonly int _inCount;

        public MasterWeights(short[] weights, short[] biases, int inCount)
        {
            _weights = weights;
            _biases = biases;
            _inCount = inCount;
            Weights = new int[weights.Length];
            Biases = new int[biases.Length];
            Reload();
        }

        /// <summary>Takes the current int16 weights as the masters (after initialisation or loading).</summary>
        public void Reload()
        {
            for (int i = 0; i < _weights.Length; i++) Weights[i] = _weights[i] << ExtraBits;
            for (int i = 0; i < _biases.Length; i++) Biases[i] = _biases[i] << ExtraBits;
        }

        /// <summary>
        /// Gradient step on the masters: W[o, j] −= c[o]·x[j], b[o] −= c[o], where c[o] (Q.32, already
        /// including learning rate and batch averaging) multiplies inputs x in Q.<paramref name="inFrac"/>.
        /// Rounded to nearest, saturated at the Q3.12 range; rows with c = 0 and zero inputs are skipped.
        /// </summary>
        public void Step(long[] unitScaleQ32, short[] input, int inFrac)
        {
            int inCount = _inCount;
            int weightShift = 32 + inFrac - MasterFrac;
            const int biasShift = 32 - MasterFrac;
            for (int o = 0; o < Biases.Length; o++)
            {
                long c = unitScaleQ32[o];
                if (c == 0) continue;
                Biases[o] = Sat.ToInt32(Biases[o] - Sat.ShiftRound(c, biasShift));
                int row = o * inCount;
                for (int j = 0; j < inCount; j++)
                {
                    int x = input[j];
                    if (x == 0) continue;
                    Weights[row + j] = Sat.ToInt32(Weights[row + j] - Sat.ShiftRound(c * x, weightShift));
                }
            }
        }

        /// <summary>Rounds the masters into the int16 Q3.12 weights and biases.</summary>
        public void Commit()
        {
            for (int i = 0; i < Weights.Length; i++) _weights[i] = Sat.ShiftRound16(Weights[i], ExtraBits);
            for (int i = 0; i < Biases.Length; i++) _biases[i] = Sat.ShiftRound16(Biases[i], ExtraBits);
        }

        public int StateBytes { get { return Weights.Length * 4 + Biases.Length * 4; } }
    }
}
