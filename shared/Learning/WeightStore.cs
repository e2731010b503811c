using Edge.Core.Kernels;
using Edge.Core.Numerics;

namespace Edge.Core.Learning
{
    /// <summary>
    /// Where one layer's weight updates go. The forward pass always uses the int16 Q3.12 weights;
    /// what differs is how updates smaller than one of their LSBs survive:
    /// <see cref="MasterWeights"/> (int32 copies, 16 extra bits, true mini-batches),
    /// <see cref="LowBitWeights"/> (2, 4 or 8 extra bits kept apart, packed, stochastically rounded at
    /// their LSB, applied per sample) and
    /// <see cref="StochasticWeights"/> (no extra bits; unbiased stochastic rounding, applied per sample).
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
        /// Units with g = 0 and zero inputs are skipped. Allocation-free.
        /// </summary>
        public void Step(int[] unitGradientQ16, int learningRateQ16, int batchSize, short[] input, int inFrac)
        {
            for (int o = 0; o < Biases16.Length; o++)
            {
                // c = lr · g / B in Q.32
                long c = (long)learningRateQ16 * unitGradientQ16[o] / batchSize;
                if (c == 0) continue;
                AddBias(o, c);
                StepRow(o * InCount, c, input, inFrac);
            }
        }

        /// <summary>W[row + j] −= c · x[j] for one unit (c in Q.32, x in Q.<paramref name="inFrac"/>), skipping zero inputs.</summary>
        protected virtual void StepRow(int row, long c, short[] input, int inFrac)
        {
            for (int j = 0; j < InCount; j++)
            {
                int x = input[j];
                if (x != 0) AddWeight(row + j, c * x, 32 + inFrac);
            }
        }

        /// <summary>
        /// Block floating point: c ≈ mantissa · 2^exponent with |mantissa| ≤ 32767 and the smallest
        /// exponent ≥ 0 that allows it (mantissa = round(c / 2^exponent), to nearest). The mantissa
        /// keeps 15 significant bits, and mantissa · x is an exact int32 for any int16 x.
        /// </summary>
        public static int ToMantissa(long c, out int exponent)
        {
            // Below e0 = bitLength(|c|) − 15 the mantissa has 16 bits or more; at e0 rounding may still
            // reach ±32768, and then e0 + 1 is the answer.
            ulong magnitude = c < 0 ? (ulong)(-(c + 1)) + 1 : (ulong)c;
            int e = BitLength(magnitude) - 15;
            if (e < 0) e = 0;
            long m = Sat.ShiftRound(c, e);
            if (m > short.MaxValue || m < -short.MaxValue) m = Sat.ShiftRound(c, ++e);
            exponent = e;
            return (int)m;
        }

        /// <summary>Number of significant bits of v (0 for 0).</summary>
        private static int BitLength(ulong v)
        {
            int bits = 0;
            if (v >= 1UL << 32) { v >>= 32; bits += 32; }
            if (v >= 1UL << 16) { v >>= 16; bits += 16; }
            if (v >= 1UL << 8) { v >>= 8; bits += 8; }
            if (v >= 1UL << 4) { v >>= 4; bits += 4; }
            if (v >= 1UL << 2) { v >>= 2; bits += 2; }
            if (v >= 1UL << 1) { v >>= 1; bits += 1; }
            return bits + (int)v;
        }

        /// <summary>b[o] −= c, c in Q.32.</summary>
        protected abstract void AddBias(int unit, long c);

        /// <summary>W[index] −= product / 2^productFrac (product = c·x).</summary>
        protected abstract void AddWeight(int index, long product, int productFrac);

        /// <summary>End of a mini-batch: make the int16 weights reflect every update.</summary>
        public abstract void Commit();

        /// <summary>Takes the current int16 weights as the truth (after initialisation or loading).</summary>
        public abstract void Reload();

        /// <summary>Bytes of the arrays this store adds to the int16 weights.</summary>
        public abstract int StateBytes { get; }
    }
}
