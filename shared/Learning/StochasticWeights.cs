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

        protected override void AddBias(int unit, long c)
        {
            Biases16[unit] = Sat.ToInt16(Biases16[unit] - StochasticRounding.ShiftRightWide(c, 32 - Q.WeightFrac, _rng));
        }

        protected override void AddWeight(int index, long product, int productFrac)
        {
            Weights16[index] = Sat.ToInt16(Weights16[index] - StochasticRounding.ShiftRightWide(product, productFrac - Q.WeightFrac, _rng));
        }

        public override void Commit() { }

        public override int StateBytes { get { return 0; } }
    }
}
