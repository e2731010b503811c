namespace Edge.Core.Learning
{
    /// <summary>
    /// A store that applies each sample's step as it comes, weight by weight (the low-bit and
    /// stochastic stores): W[o, j] −= c_o · x[j] and b[o] −= c_o with c_o = lr · g_o / B.
    /// </summary>
    public abstract class PerSampleWeightStore : WeightStore
    {
        protected PerSampleWeightStore(short[] weights, short[] biases, int inCount) : base(weights, biases, inCount) { }

        /// <summary>Units with g = 0 and zero inputs are skipped.</summary>
        public override void Step(int[] unitGradientQ16, int learningRateQ16, int batchSize, short[] input, int inFrac)
        {
            int exponent = Exponent;   // c is Q.32 in Q3.12's units, Q.(32 + e) in the layer's
            for (int o = 0; o < Biases16.Length; o++)
            {
                long c = StepScalar(unitGradientQ16[o], learningRateQ16, batchSize);
                if (c == 0) continue;
                AddBias(o, c, 32 + exponent);
                int row = o * InCount;
                for (int j = 0; j < InCount; j++)
                {
                    int x = input[j];
                    if (x != 0) AddWeight(row + j, c * x, 32 + exponent + inFrac);
                }
            }
        }

        /// <summary>Updates are already in the int16 weights: only the range is checked.</summary>
        public override void Commit() { RaiseExponentIf(ReachesRange(Weights16) || ReachesRange(Biases16)); }

        /// <summary>b[o] −= c / 2^cFrac.</summary>
        protected abstract void AddBias(int unit, long c, int cFrac);

        /// <summary>W[index] −= product / 2^productFrac (product = c·x).</summary>
        protected abstract void AddWeight(int index, long product, int productFrac);
    }
}
