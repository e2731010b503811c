using Edge.Core.Numerics;

namespace Edge.Core.Learning
{
    /// <summary>
    /// No extra bits at all: each update is rounded stochastically to whole Q3.12 LSBs (up with
    /// probability equal to the dropped fraction, from the core's PRNG), so in expectation it is
    /// exact and updates far below one LSB still move weights. Applied per sample. Costs nothing per
    /// weight; the price is added noise.
    /// </summary>
    public sealed class StochasticWeights : PerSampleWeightStore
    {
        private readonly Pcg32 _rng;

        public StochasticWeights(short[] weights, short[] biases, int inCount, ulong seed) : base(weights, biases, inCount)
        {
            _rng = new Pcg32(seed, 13);
        }

        public override void Reload() { }

        protected override void AddBias(int unit, long c, int cFrac)
        {
            Biases16[unit] = Sat.ToInt16(Biases16[unit] - StochasticRounding.ShiftRightWide(c, cFrac - Q.WeightFrac, _rng));
        }

        protected override void AddWeight(int index, long product, int productFrac)
        {
            Weights16[index] = Sat.ToInt16(Weights16[index] - StochasticRounding.ShiftRightWide(product, productFrac - Q.WeightFrac, _rng));
        }

        protected override void HalveValues()
        {
            for (int i = 0; i < Weights16.Length; i++) Weights16[i] = Sat.ShiftRound16(Weights16[i], 1);
            for (int i = 0; i < Biases16.Length; i++) Biases16[i] = Sat.ShiftRound16(Biases16[i], 1);
        }

        public override int StateBytes { get { return 0; } }
    }
}
