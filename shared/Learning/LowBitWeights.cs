using Edge.Core.Numerics;

namespace Edge.Core.Learning
{
    /// <summary>
    /// Narrow weights with a few extra low-order bits kept apart: each weight's value is the int16
    /// Q3.12 weight followed by <c>extraBits</c> (2, 4 or 8) more fractional bits, packed into a byte
    /// array (8 bits: one byte per weight; 4 bits: two per byte; 2 bits: four per byte). Updates are
    /// applied to the combined value at once, per sample, rounded stochastically at its LSB (rounding
    /// to nearest would drop every update below half of it); the forward pass sees the int16 part
    /// (the combined value truncated). Costs extraBits/8 bytes per weight, against 4 for int32 masters,
    /// and adds 2^extraBits times less rounding noise than stochastic rounding of the int16 alone.
    /// </summary>
    public sealed class LowBitWeights : PerSampleWeightStore
    {
        private readonly int _extraBits;
        private readonly int _mask;
        private readonly byte[] _lowWeights;
        private readonly byte[] _lowBiases;
        private readonly long _maxValue;
        private readonly Pcg32 _rng;

        public LowBitWeights(short[] weights, short[] biases, int inCount, int extraBits, ulong seed) : base(weights, biases, inCount)
        {
            _rng = new Pcg32(seed, 13);
            if (extraBits != 2 && extraBits != 4 && extraBits != 8) throw new System.ArgumentOutOfRangeException("extraBits");
            _extraBits = extraBits;
            _mask = (1 << extraBits) - 1;
            _lowWeights = new byte[(weights.Length * extraBits + 7) / 8];
            _lowBiases = new byte[(biases.Length * extraBits + 7) / 8];
            _maxValue = ((long)short.MaxValue << extraBits) | (long)_mask;
        }

        public override void Reload()
        {
            for (int i = 0; i < _lowWeights.Length; i++) _lowWeights[i] = 0;
            for (int i = 0; i < _lowBiases.Length; i++) _lowBiases[i] = 0;
        }

        protected override void AddBias(int unit, long c, int cFrac)
        {
            Subtract(Biases16, _lowBiases, unit, StochasticRounding.ShiftRightWide(c, cFrac - Q.WeightFrac - _extraBits, _rng));
        }

        protected override void AddWeight(int index, long product, int productFrac)
        {
            Subtract(Weights16, _lowWeights, index, StochasticRounding.ShiftRightWide(product, productFrac - Q.WeightFrac - _extraBits, _rng));
        }

        /// <summary>value −= delta on the combined (int16 · 2^extra + low) value, saturated at the int16 range.</summary>
        private void Subtract(short[] high, byte[] low, int index, long delta)
        {
            if (delta == 0) return;
            long value = Combined(high, low, index) - delta;
            long min = (long)short.MinValue << _extraBits;
            if (value > _maxValue) value = _maxValue;
            else if (value < min) value = min;
            SetCombined(high, low, index, value);
        }

        protected override void HalveValues()
        {
            for (int i = 0; i < Weights16.Length; i++) SetCombined(Weights16, _lowWeights, i, Sat.ShiftRound(Combined(Weights16, _lowWeights, i), 1));
            for (int i = 0; i < Biases16.Length; i++) SetCombined(Biases16, _lowBiases, i, Sat.ShiftRound(Combined(Biases16, _lowBiases, i), 1));
        }

        /// <summary>The combined value int16 · 2^extra + low of value <paramref name="index"/>.</summary>
        private long Combined(short[] high, byte[] low, int index)
        {
            int bitIndex = index * _extraBits;
            return ((long)high[index] << _extraBits) | (long)((low[bitIndex >> 3] >> (bitIndex & 7)) & _mask);
        }

        /// <summary>Stores a combined value that is within the range.</summary>
        private void SetCombined(short[] high, byte[] low, int index, long value)
        {
            int bitIndex = index * _extraBits;
            int byteIndex = bitIndex >> 3;
            int shift = bitIndex & 7;
            high[index] = (short)(value >> _extraBits);
            low[byteIndex] = (byte)((low[byteIndex] & ~(_mask << shift)) | (((int)value & _mask) << shift));
        }

        public override int StateBytes { get { return _lowWeights.Length + _lowBiases.Length; } }
    }
}
