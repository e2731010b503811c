using Edge.Core.Numerics;

namespace Edge.Core.Learning
{
    /// <summary>
    /// The running mean of a layer's input, and the input minus it: what a centred step moves the layer's weights along
    /// (<see cref="LearnerSettings.CentredSteps"/>). Inputs of one sign (ADC codes in [0, 1), ReLU activations) make a
    /// step along x move every other sample's summed input by ĝ·(x·x'), large and alike for all samples; along
    /// x − mean the common part is gone (the bias still takes it). The mean follows m += (x·2^16 − m) &gt;&gt; k with
    /// k = min(⌊log2 t⌋, <see cref="MeanShift"/>) at the t-th sample: a plain mean at first, then one over about
    /// 2^MeanShift samples, as <see cref="StepControl"/>'s means. Formats: x as the input has it (Q0.15 or Q4.11);
    /// the mean in int32 as x·2^16; the centred input sat16(x − round(mean)) in x's format. 4 bytes per input;
    /// allocation-free per sample.
    /// </summary>
    public sealed class InputCentring
    {
        /// <summary>Once 2^MeanShift samples have been seen, the mean forgets with β = 1 − 2^−MeanShift per sample.</summary>
        public const int MeanShift = 10;

        private readonly int[] _mean;   // running mean of each input, x·2^16
        private long _samples;

        public InputCentring(int inputs) { _mean = new int[inputs]; }

        /// <summary>
        /// Folds <paramref name="input"/>[0, count) into the means, then writes each input minus its mean (rounded to
        /// the nearest, saturated to int16) into <paramref name="centred"/>.
        /// </summary>
        public void Centre(short[] input, int count, short[] centred)
        {
            _samples++;
            int top = BitLength.Of((ulong)_samples) - 1;
            int k = top < MeanShift ? top : MeanShift;
            for (int j = 0; j < count; j++)
            {
                // a step towards x·2^16 stays between the two, so within int32; the arithmetic shift floors
                int mean = (int)(_mean[j] + ((((long)input[j] << 16) - _mean[j]) >> k));
                _mean[j] = mean;
                int v = input[j] - ((mean + 0x8000) >> 16);   // mean ≤ 32767·2^16: the rounding add cannot wrap
                centred[j] = (short)(v > short.MaxValue ? short.MaxValue : v < short.MinValue ? short.MinValue : v);
            }
        }

        /// <summary>Forgets the means (a new model, or weights replaced from outside).</summary>
        public void Reset()
        {
            for (int j = 0; j < _mean.Length; j++) _mean[j] = 0;
            _samples = 0;
        }

        public int StateBytes { get { return _mean.Length * 4; } }
    }
}
