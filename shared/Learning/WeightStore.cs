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
    ///
    /// Every store keeps the layer's weight exponent e (<see cref="Model.Network.WeightExponents"/>): the int16
    /// values are Q(3+e).(12−e), so a step is 2^e times smaller in them. When a commit leaves a weight or
    /// bias at the end of the int16 range, the store halves every value of the layer and raises e by one
    /// (up to <see cref="Q.MaxWeightExponent"/>), so the weights a loss drives beyond ±8 keep growing instead
    /// of saturating; a layer that never gets there stays Q3.12, bit for bit as without exponents.
    /// </summary>
    public abstract class WeightStore
    {
        protected readonly short[] Weights16;
        protected readonly short[] Biases16;
        protected readonly int InCount;
        private int _exponent;

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

        /// <summary>End of a mini-batch: make the int16 weights reflect every update, and raise <see cref="Exponent"/> if one reached the range's end.</summary>
        public abstract void Commit();

        /// <summary>Takes the current int16 weights as the truth (after initialisation or loading).</summary>
        public abstract void Reload();

        /// <summary>Takes the current int16 weights, in Q(3+e).(12−e) for <paramref name="exponent"/> e, as the truth.</summary>
        public void Reload(int exponent)
        {
            if (exponent < 0 || exponent > Q.MaxWeightExponent) throw new System.ArgumentOutOfRangeException("exponent");
            _exponent = exponent;
            Reload();
        }

        /// <summary>The layer's weight exponent e: the int16 weights and biases are Q(3+e).(12−e).</summary>
        public int Exponent { get { return _exponent; } }

        /// <summary>
        /// After a commit that left a value at the end of the int16 range: halves every value of the layer
        /// (<see cref="HalveValues"/>) and raises the exponent, unless it is at its largest already.
        /// </summary>
        protected void RaiseExponentIf(bool reachedRange)
        {
            if (!reachedRange || _exponent >= Q.MaxWeightExponent) return;
            HalveValues();
            _exponent++;
        }

        /// <summary>Every weight and bias (and what the store keeps below them) halved, rounded to nearest, ties up.</summary>
        protected abstract void HalveValues();

        /// <summary>Whether any value is at the int16 range's end (<see cref="Sat.AtInt16End"/>).</summary>
        protected static bool ReachesRange(short[] values)
        {
            for (int i = 0; i < values.Length; i++)
                if (Sat.AtInt16End(values[i])) return true;
            return false;
        }

        /// <summary>Bytes of the arrays this store adds to the int16 weights.</summary>
        public abstract int StateBytes { get; }
    }
}
