using Edge.Core.Numerics;

namespace Edge.Core.Learning
{
    /// <summary>
    /// On-device step control for one layer, in integers: every unit's gradient estimate g_o is divided
    /// by the running RMS of that unit's own estimates (RMSprop, one second moment per unit instead of
    /// per weight, as Adafactor factors Adam's), clipped, and the layer's weight steps are scaled by the
    /// power of two nearest 1 / RMS of the layer's input. A step then moves a weight by about the
    /// learning rate whatever the scale of the data or of the loss, so one rate serves every data set.
    ///
    /// The running means are updated every sample without a division: m += (v − m) / 2^k with
    /// k = min(⌊log2 t⌋, <see cref="DecayShift"/>) at the t-th sample, about a plain mean at first and an
    /// exponential one after (β = 1 − 2^−14 per sample: Adam's 0.999 per mini-batch of 16). The scales
    /// they give are recomputed when a mini-batch commits, so every sample of a batch sees the same
    /// ones; the first batch only measures: its steps are skipped.
    ///
    /// Formats: estimates Q15.16; mean squares Q.32 (value² · 2^32) in int64; per-unit reciprocal RMS
    /// Q.16 in int32 (an RMS below <see cref="MinRms"/> counts as that); normalised estimates Q15.16,
    /// clipped to ±<see cref="ClipQ16"/>. Per sample: two multiplies per unit and one per input; per
    /// batch: one square root and one division per unit. 12 bytes per unit.
    /// </summary>
    public sealed partial class StepControl
    {
        /// <summary>β = 1 − 2^−DecayShift per sample, once 2^DecayShift samples have been seen.</summary>
        public const int DecayShift = 14;
        /// <summary>A normalised estimate is at most 4 of its unit's RMS: one outlier cannot throw a weight far.</summary>
        public const int ClipQ16 = 4 << Q.ValueFrac;
        /// <summary>The smallest RMS a unit's steps are divided by, Q.16 (4.6e-5): keeps 1 / RMS in an int32.</summary>
        public const int MinRms = 3;
        /// <summary>The input scale is a power of two 2^k with k in [−MaxInputShift, MaxInputShift].</summary>
        public const int MaxInputShift = 8;

        private readonly long[] _meanSquare;   // running mean of g_o², Q.32
        private readonly int[] _reciprocal;    // 1 / max(√meanSquare_o, MinRms), Q.16, as of the last commit
        private long _inputMeanSquare;         // running mean of mean_j x_j², Q.32
        private long _samples;
        private bool _ready;
        private int _inputShift;

        public StepControl(int units)
        {
            _meanSquare = new long[units];
            _reciprocal = new int[units];
        }

        /// <summary>False until a batch has been measured: until then no step can be normalised.</summary>
        public bool Ready { get { return _ready; } }

        /// <summary>k of the input scale 2^k ≈ 1 / RMS(x): a weight step uses the input as if it had k fewer fractional bits.</summary>
        public int InputShift { get { return _inputShift; } }

        /// <summary>
        /// Adds one sample's estimates g (Q15.16) and the layer's input x (Q.<paramref name="inFrac"/>,
        /// 15 or 11) to the running means; when <see cref="Ready"/>, replaces g in place by g_o / RMS_o,
        /// clipped (Q15.16), and returns true.
        /// </summary>
        public bool Observe(int[] gradient, short[] input, int inputCount, int inFrac)
        {
            _samples++;
            int top = BitLength.Of((ulong)_samples) - 1;
            int k = top < DecayShift ? top : DecayShift;
            int units = _meanSquare.Length;
            int o = 0;
            MeanSquaresAccelerated(gradient, _meanSquare, units, k, ref o);
            for (; o < units; o++)
            {
                long g = gradient[o];
                _meanSquare[o] += (Square(g) - _meanSquare[o]) >> k;
            }
            long squares = 0;   // Σ x_j², Q.(2·inFrac)
            int j = 0;
            SquaresAccelerated(input, inputCount, ref squares, ref j);
            for (; j < inputCount; j++) squares += (long)input[j] * input[j];
            _inputMeanSquare += ((squares << (32 - 2 * inFrac)) / inputCount - _inputMeanSquare) >> k;
            if (!_ready) return false;
            o = 0;
            NormalizeAccelerated(gradient, _reciprocal, units, ref o);
            for (; o < units; o++)
            {
                long c = ((long)gradient[o] * _reciprocal[o]) >> Q.ValueFrac;
                gradient[o] = (int)(c > ClipQ16 ? ClipQ16 : c < -ClipQ16 ? -ClipQ16 : c);
            }
            return true;
        }

        // A host's twins (StepControl.Net.cs) of Observe's three loops, each from index next on; they leave it where they stopped.
        static partial void MeanSquaresAccelerated(int[] gradient, long[] meanSquare, int units, int k, ref int next);
        static partial void SquaresAccelerated(short[] input, int count, ref long squares, ref int next);
        static partial void NormalizeAccelerated(int[] gradient, int[] reciprocal, int units, ref int next);

        /// <summary>End of a mini-batch: the scales of the next one, from the running means.</summary>
        public void Commit()
        {
            if (_samples == 0) return;
            _ready = true;
            for (int o = 0; o < _meanSquare.Length; o++)
            {
                long rms = IntSqrt.Floor((ulong)_meanSquare[o]);   // Q.16
                _reciprocal[o] = (int)((1L << 32) / (rms > MinRms ? rms : MinRms));
            }
            // 2^k · RMS(x) in [0.5, 1): k = 16 − bit length of RMS in Q.16
            int k = Q.ValueFrac - BitLength.Of(IntSqrt.Floor((ulong)_inputMeanSquare));
            _inputShift = k > MaxInputShift ? MaxInputShift : k < -MaxInputShift ? -MaxInputShift : k;
        }

        /// <summary>Forgets every statistic (a new model, or weights replaced from outside).</summary>
        public void Reset()
        {
            for (int o = 0; o < _meanSquare.Length; o++) { _meanSquare[o] = 0; _reciprocal[o] = 0; }
            _inputMeanSquare = 0;
            _samples = 0;
            _ready = false;
            _inputShift = 0;
        }

        /// <summary>g² in Q.32, at most 2^62 (|g| ≤ 2^31): the running mean's difference never wraps.</summary>
        private static long Square(long g) { return g * g; }

        public int StateBytes { get { return _meanSquare.Length * 12; } }
    }
}
