using Edge.Core.Kernels;
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
    /// A hidden layer's steps are bounded too (<see cref="StepControl(int, IVectorLoops, bool)"/>). A step along
    /// ĝ·x_s moves every sample's summed input by ĝ·(x_s·x'); with x = μ·1 + d (μ the mean input value) that is
    /// a common part n·μ², alike for every sample, and the stepped sample's own part ‖d_s‖², n·(ms − μ²) on
    /// average (ms the input's mean square). Where the common part dominates (many dense inputs of one sign:
    /// 300 features near 0.5) a mini-batch moves every unit for every sample alike by several units, pushes the
    /// layer's units dead (a dead unit gets no estimate, so it stays dead) and the network to one class. So a
    /// hidden layer's weight steps are also halved until the common part exceeds the own part by at most
    /// <see cref="MaxCommonMoveQ16"/> for a mini-batch of agreeing unit steps (ĝ = 1):
    /// lr · n · (2μ² − ms) · 2^k ≤ ½, 2^k the input scale. On the suite's inputs the own part is the larger and
    /// nothing is halved. μ comes from the running mean of each sample's Σ_j x_j, kept as the mean square is. An
    /// output layer, whose summed inputs are the logits and cannot die, is not bounded; nor are centred steps
    /// (<see cref="LearnerSettings.CentredSteps"/>), whose common part is gone.
    ///
    /// The running means are updated every sample without a division: m += (v − m) / 2^k with
    /// k = min(⌊log2 t⌋, <see cref="DecayShift"/>) at the t-th sample, about a plain mean at first and an
    /// exponential one after (β = 1 − 2^−14 per sample: Adam's 0.999 per mini-batch of 16). The scales
    /// they give are recomputed when a mini-batch commits, so every sample of a batch sees the same
    /// ones; the first batch only measures: its steps are skipped.
    ///
    /// Formats: estimates Q15.16; mean squares Q.32 (value² · 2^32) in int64; per-unit reciprocal RMS
    /// Q.16 in int32 (an RMS below <see cref="MinRms"/> counts as that); normalised estimates Q15.16,
    /// clipped to ±<see cref="ClipQ16"/>; the running Σ_j x_j Q.16 in int64; the common move's excess per unit of
    /// rate, n · (2μ² − ms) · 2^k, Q.16 in int64. Per sample: two multiplies per unit, one multiply and two adds
    /// per input; per batch: one square root and one division per unit. 12 bytes per unit.
    /// </summary>
    public sealed class StepControl
    {
        /// <summary>β = 1 − 2^−DecayShift per sample, once 2^DecayShift samples have been seen.</summary>
        public const int DecayShift = 14;
        /// <summary>A normalised estimate is at most 4 of its unit's RMS: one outlier cannot throw a weight far.</summary>
        public const int ClipQ16 = 4 << Q.ValueFrac;
        /// <summary>The smallest RMS a unit's steps are divided by, Q.16 (4.6e-5): keeps 1 / RMS in an int32.</summary>
        public const int MinRms = 3;
        /// <summary>The input scale is a power of two 2^k with k in [−MaxInputShift, MaxInputShift].</summary>
        public const int MaxInputShift = 8;
        /// <summary>The most a mini-batch's common move may exceed the stepped samples' own: ½, Q15.16.</summary>
        public const int MaxCommonMoveQ16 = 1 << (Q.ValueFrac - 1);
        /// <summary>The limit ½ in Q.32 is 2^CommonMoveLimitBits.</summary>
        private const int CommonMoveLimitBits = 2 * Q.ValueFrac - 1;
        private const long CommonMoveLimitQ32 = (long)MaxCommonMoveQ16 << Q.ValueFrac;
        /// <summary>The weight steps are halved at most this many times for the common move's sake.</summary>
        public const int MaxCommonMoveHalvings = 8;

        private readonly long[] _meanSquare;   // running mean of g_o², Q.32
        private readonly int[] _reciprocal;    // 1 / max(√meanSquare_o, MinRms), Q.16, as of the last commit
        private long _inputMeanSquare;         // running mean of mean_j x_j², Q.32
        private long _samples;
        private bool _ready;
        private int _inputShift;
        private long _inputSum;                // running mean of Σ_j x_j, Q.16
        private int _inputCount;
        private readonly bool _boundsCommonMove;
        private long _commonMoveExcess;        // n · (2μ² − ms) · 2^k (at least 0), Q.16, as of the last commit
        private int _largestUnboundedRate = int.MaxValue;   // the largest rate, Q15.16, whose steps need no halving
        private int _boundedRate, _halvings;   // the last rate above it and its halvings, as of the last commit

        private readonly IVectorLoops _loops;

        public StepControl(int units) : this(units, NoVectorLoops.Instance, false) { }

        /// <summary>Step control of an output layer of <paramref name="units"/> units whose loops a host's vector twins may run (<see cref="IVectorLoops"/>).</summary>
        public StepControl(int units, IVectorLoops loops) : this(units, loops, false) { }

        /// <summary>Step control of <paramref name="units"/> units whose steps, if <paramref name="bounded"/> (a hidden layer's), are bounded by their common move.</summary>
        public StepControl(int units, IVectorLoops loops, bool bounded)
        {
            if (loops == null) throw new System.ArgumentNullException("loops");
            _meanSquare = new long[units];
            _reciprocal = new int[units];
            _loops = loops;
            _boundsCommonMove = bounded;
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
            int o = _loops.MeanSquares(gradient, _meanSquare, units, k);
            for (; o < units; o++)
            {
                long g = gradient[o];
                _meanSquare[o] += (Square(g) - _meanSquare[o]) >> k;
            }
            long sum, squares;   // Σ x_j, Q.inFrac, and Σ x_j², Q.(2·inFrac)
            int j = _loops.SumAndSquares(input, inputCount, out sum, out squares);
            for (; j < inputCount; j++)
            {
                int x = input[j];
                sum += x;
                squares += (long)x * x;
            }
            _inputSum += ((sum << (Q.ValueFrac - inFrac)) - _inputSum) >> k;
            _inputCount = inputCount;
            long scaledSquares = squares << (32 - 2 * inFrac);   // Σ x_j², Q.32, never negative
            // the mean: a shift where the layer's width is a power of two (an int64 division is a library call on a Cortex-M)
            long meanSquare = (inputCount & (inputCount - 1)) == 0 ? scaledSquares >> (BitLength.Of((ulong)inputCount) - 1) : scaledSquares / inputCount;
            _inputMeanSquare += (meanSquare - _inputMeanSquare) >> k;
            if (!_ready) return false;
            o = _loops.NormalizeSteps(gradient, _reciprocal, units);
            for (; o < units; o++)
            {
                long c = ((long)gradient[o] * _reciprocal[o]) >> Q.ValueFrac;
                gradient[o] = (int)(c > ClipQ16 ? ClipQ16 : c < -ClipQ16 ? -ClipQ16 : c);
            }
            return true;
        }

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
            // n · (2μ² − ms) · 2^k, the common move less the stepped sample's own: μ ≤ 2^20 and ms ≤ 2^40 (an int16 with
            // 11 fractional bits or more, in Q.16 and Q.32), so the difference (Q.16) is below 2^25 and n times it below 2^56
            long mu = _boundsCommonMove && _inputCount > 0 ? _inputSum / _inputCount : 0;   // Q.16
            if (mu < 0) mu = -mu;
            long excess = 2 * ((mu * mu) >> Q.ValueFrac) - (_inputMeanSquare >> Q.ValueFrac);
            if (excess < 0) excess = 0;
            long move = excess * _inputCount;
            _commonMoveExcess = _inputShift >= 0 ? Sat.ShiftLeftSat64(move, _inputShift) : move >> -_inputShift;
            long unbounded = _commonMoveExcess == 0 ? int.MaxValue : CommonMoveLimitQ32 / _commonMoveExcess;
            _largestUnboundedRate = unbounded > int.MaxValue ? int.MaxValue : (int)unbounded;
            _boundedRate = 0;   // no rate above the threshold is 0: the next one is worked out again
        }

        /// <summary>
        /// The fractional bits a weight step should treat the input (Q.<paramref name="inFrac"/>) as having at
        /// <paramref name="learningRateQ16"/>: the input scale's k fewer, plus a halving for every factor of two by
        /// which a hidden layer's common move would exceed the stepped samples' own by more than <see cref="MaxCommonMoveQ16"/>.
        /// </summary>
        public int StepFrac(int inFrac, int learningRateQ16)
        {
            int frac = inFrac - _inputShift;
            if (learningRateQ16 <= _largestUnboundedRate) return frac;   // the usual case, without a division per sample
            if (learningRateQ16 != _boundedRate)                           // the rate changes at most once a batch
            {
                _boundedRate = learningRateQ16;
                if (_commonMoveExcess > long.MaxValue / learningRateQ16) _halvings = MaxCommonMoveHalvings;
                else
                {
                    long move = _commonMoveExcess * learningRateQ16;          // Q.32, above the limit
                    int h = BitLength.Of((ulong)(move - 1)) - CommonMoveLimitBits;   // the least h with move / 2^h ≤ the limit
                    _halvings = h < MaxCommonMoveHalvings ? h : MaxCommonMoveHalvings;
                }
            }
            return frac + _halvings;
        }

        /// <summary>Forgets every statistic (a new model, or weights replaced from outside).</summary>
        public void Reset()
        {
            for (int o = 0; o < _meanSquare.Length; o++) { _meanSquare[o] = 0; _reciprocal[o] = 0; }
            _inputMeanSquare = 0;
            _samples = 0;
            _ready = false;
            _inputShift = 0;
            _inputSum = 0;
            _commonMoveExcess = 0;
            _largestUnboundedRate = int.MaxValue;
            _boundedRate = 0;
        }

        /// <summary>g² in Q.32, at most 2^62 (|g| ≤ 2^31): the running mean's difference never wraps.</summary>
        private static long Square(long g) { return g * g; }

        public int StateBytes { get { return _meanSquare.Length * 12; } }
    }
}
