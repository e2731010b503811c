using Edge.Core.Kernels;
using Edge.Core.Numerics;

namespace Edge.Core.Learning
{
    /// <summary>
    /// A small linear readout (classes × units) on a hidden layer's Q4.11 activations, giving that
    /// layer a local loss of its own. Trained with its exact delta, like an output layer; Q3.12
    /// weights with Q3.28 masters, and step control like the network's layers when asked for.
    /// </summary>
    public sealed class ReadoutHead
    {
        private readonly short[] _weights;
        private readonly short[] _biases;
        private readonly WeightStore _masters;
        private readonly int[] _logits;
        private readonly int _units;
        private readonly StepControl? _control;

        public ReadoutHead(int units, int classes, ulong seed, int extraWeightBits, bool stepControl)
            : this(units, classes, seed, extraWeightBits, stepControl, KernelSet.Portable) { }

        /// <summary>As above, its updates and step control on <paramref name="kernels"/> (a host's bit-identical twins).</summary>
        public ReadoutHead(int units, int classes, ulong seed, int extraWeightBits, bool stepControl, KernelSet kernels)
        {
            _units = units;
            _weights = new short[units * classes];
            _biases = new short[classes];
            _logits = new int[classes];
            _control = stepControl ? new StepControl(classes, kernels.Loops) : null;
            Pcg32 rng = new Pcg32(seed, 11);
            int bound = (int)IntSqrt.Floor((6UL << 24) / (ulong)units);
            for (int i = 0; i < _weights.Length; i++) _weights[i] = Sat.ToInt16(rng.NextInt(2 * bound + 1) - bound);
            _masters = WeightStore.Create(_weights, _biases, units, extraWeightBits, seed, kernels.Update);
        }

        /// <summary>The head's weights, int16 Q3.12 scaled by 2^<see cref="WeightExponent"/>, [classes, units] row-major.</summary>
        public short[] Weights { get { return _weights; } }

        /// <summary>The head's weight exponent (its masters raise it as a network's layer's).</summary>
        public int WeightExponent { get { return _masters.Exponent; } }

        /// <summary>The logits of the last <see cref="Forward"/>, Q15.16.</summary>
        public int[] Logits { get { return _logits; } }

        /// <summary>Multiply-accumulates of one pass of the head.</summary>
        public long Macs { get { return _weights.Length; } }

        /// <summary>Logits (Q15.16) of the head for hidden activations h (Q4.11); the buffer is reused.</summary>
        public int[] Forward(short[] hidden)
        {
            DenseQ3_12.Forward(_weights, _biases, _masters.Exponent, hidden, Q.ActivationFrac, _units, _logits.Length, _logits);
            return _logits;
        }

        /// <summary>Accumulates the step −lr/B · g ⊗ h into the masters (g is normalised in place with step control); returns the multiply-accumulates spent.</summary>
        public long Step(int[] gradientQ16, short[] hidden, int learningRateQ16, int batchSize)
        {
            if (_control == null)
            {
                _masters.Step(gradientQ16, learningRateQ16, batchSize, hidden, Q.ActivationFrac);
                return Macs;
            }
            if (_control.Observe(gradientQ16, hidden, _units, Q.ActivationFrac))
                _masters.Step(gradientQ16, learningRateQ16, batchSize, hidden, Q.ActivationFrac - _control.InputShift);
            return Macs + _units + _logits.Length;
        }

        public void Commit()
        {
            _masters.Commit();
            if (_control != null) _control.Commit();
        }

        public int StateBytes
        {
            get
            {
                return _weights.Length * 2 + _biases.Length * 2 + _logits.Length * 4 + _masters.StateBytes
                     + (_control == null ? 0 : _control.StateBytes);
            }
        }
    }
}
