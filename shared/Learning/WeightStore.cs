using Edge.Core.Kernels;
using Edge.Core.Numerics;

namespace Edge.Core.Learning
{
    /// <summary>
    /// Where one layer's weight updates go. The forward pass always uses the int16 Q3.12 weights;
    /// what differs is how updates smaller than one of their LSBs survive:
    /// <see cref="MasterWeights"/> (int32 copies, 16 extra bits, true mini-batches, the batch's steps
    /// applied at once), and the per-sample stores (<see cref="PerSampleWeightStore"/>):
    /// <see cref="LowBitWeights"/> (2, 4 or 8 extra bits kept apart, packed, stochastically rounded at
    /// their LSB) and <see cref="StochasticWeights"/> (no extra bits; unbiased stochastic rounding).
    /// The step is the same SGD step in every case: W[o, j] −= lr/B · g[o] · x[j], b[o] −= lr/B · g[o].
    /// </summary>
    public abstract class WeightStore
    {
        protected readonly short[] Weights16;
        protected readonly short[] Biases16;
        protected readonly int InCount;

        protected WeightStore(short[] weights, short[] biases, int inCount)
        {
            Weights16 = weights;
            Biases16 = biases;
            InCount = inCount;
        }

        /// <summary>Makes a store keeping <paramref name="extraBits"/> (16, 8, 4, 2 or 0) below each weight's LSB.</summary>
        public static WeightStore Create(short[] weights, short[] biases, int inCount, int extraBits, ulong seed)
        {
            return Create(weights, biases, inCount, extraBits, seed, PortableWeightUpdateKernel.Instance);
        }

        /// <summary>As above; int32 masters run their loops on <paramref name="kernel"/> (a bit-identical twin on a host).</summary>
        public static WeightStore Create(short[] weights, short[] biases, int inCount, int extraBits, ulong seed, IWeightUpdateKernel kernel)
        {
            if (extraBits == MasterWeights.ExtraBits) return new MasterWeights(weights, biases, inCount, kernel);
            if (extraBits == 0) return new StochasticWeights(weights, biases, inCount, seed);
            return new LowBitWeights(weights, biases, inCount, extraBits, seed);
        }

        /// <summary>
        /// One sample's step for the per-unit gradient g (∂L/∂z, Q15.16) and the layer's input x
        /// (Q.<paramref name="inFrac"/>), at learning rate lr (Q15.16) averaged over <paramref name="batchSize"/>.
        /// Allocation-free.
        /// </summary>
        public abstract void Step(int[] unitGradientQ16, int learningRateQ16, int batchSize, short[] input, int inFrac);

        /// <summary>
        /// c = lr · g / B in Q.32, rounded toward zero. B = 2^k (the usual case) divides by a shift
        /// (with the same rounding): a 64-bit division per unit costs more than a small row's update.
        /// </summary>
        protected static long StepScalar(int unitGradientQ16, int learningRateQ16, int batchSize)
        {
            long product = (long)learningRateQ16 * unitGradientQ16;
            if ((batchSize & (batchSize - 1)) != 0) return product / batchSize;
            return Sat.ShiftTowardZero(product, BitLength.Of((ulong)batchSize) - 1);
        }

        /// <summary>End of a mini-batch: make the int16 weights reflect every update.</summary>
        public abstract void Commit();

        /// <summary>Takes the current int16 weights as the truth (after initialisation or loading).</summary>
        public abstract void Reload();

        /// <summary>Bytes of the arrays this store adds to the int16 weights.</summary>
        public abstract int StateBytes { get; }
    }
}
