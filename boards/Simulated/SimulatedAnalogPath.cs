using Edge.Boards.Profiles;
using Edge.Core.Numerics;

namespace Edge.Boards.Simulated;

/// <summary>
/// The analog input path of one simulated board: a profile plus a serial number. Every per-board quantity
/// (reference voltage, per-channel gain and offset, the INL pattern, the ageing drift) is drawn from
/// <c>new Pcg32(serial, BoardStreams.X)</c>, so one serial is always the same board and two serials differ.
///
/// A read maps stimulus microvolts to codes: ideal code (against this board's own full scale) → per-channel
/// gain and offset → the profile's nonlinearity → this board's INL wiggle → Gaussian noise (σ = noise_lsb,
/// from the caller's generator) → round to nearest → clip to [0, 2^bits − 1]. Host-side doubles are fine
/// here: only +, −, ×, ÷ and floor are used, which IEEE 754 makes identical everywhere.
/// </summary>
public sealed class SimulatedAnalogPath
{
    /// <summary>Breakpoints of the piecewise-linear INL pattern (segments = this − 1).</summary>
    public const int InlBreakpoints = 17;

    /// <summary>Per-board quantities are clamped to this many σ, so no board is absurd.</summary>
    public const double SpreadClampSigma = 3.0;

    private readonly InputProfile _inputs;
    private readonly double[] _baseGain;          // relative, 1 = nominal
    private readonly double[] _gain;              // after ageing
    private readonly double[] _codesPerMicrovolt; // gain × 2^bits / full scale of this board
    private readonly double[] _offsetLsb;
    private readonly double[] _driftPerOp;        // relative gain change per operation
    private readonly double[] _inl;               // INL at breakpoints, LSB; ends are 0 (endpoint fit)
    private readonly double _codeSpan;            // 2^bits
    private readonly double _fullScaleMicrovolts;

    public SimulatedAnalogPath(BoardProfile profile, uint serial)
    {
        Profile = profile ?? throw new ArgumentNullException(nameof(profile));
        Serial = serial;
        _inputs = profile.Inputs;
        int n = _inputs.Channels;
        _codeSpan = 1 << _inputs.AdcBits;

        var rng = new Pcg32(serial, BoardStreams.Vref);
        VrefMv = _inputs.VrefMv + _inputs.VrefSpreadMv * Gaussian.NextClamped(rng, SpreadClampSigma);
        _fullScaleMicrovolts = _inputs.FullScaleMv * (VrefMv / _inputs.VrefMv) * 1000.0;

        _baseGain = new double[n];
        rng.Reseed(serial, BoardStreams.Gain);
        for (int c = 0; c < n; c++) _baseGain[c] = 1.0 + _inputs.GainSpread * Gaussian.NextClamped(rng, SpreadClampSigma);

        _offsetLsb = new double[n];
        rng.Reseed(serial, BoardStreams.Offset);
        for (int c = 0; c < n; c++) _offsetLsb[c] = _inputs.OffsetSpreadLsb * Gaussian.NextClamped(rng, SpreadClampSigma);

        _driftPerOp = new double[n];
        double drift = (profile.Ageing?.GainDriftPerMillionOps ?? 0.0) / 1e6;
        rng.Reseed(serial, BoardStreams.Drift);
        for (int c = 0; c < n; c++) _driftPerOp[c] = drift * Gaussian.NextClamped(rng, SpreadClampSigma);

        _inl = DrawInlPattern(new Pcg32(serial, BoardStreams.Inl), _inputs.InlLsb);

        _gain = new double[n];
        _codesPerMicrovolt = new double[n];
        ApplyAgeing();
    }

    public BoardProfile Profile { get; }

    public uint Serial { get; }

    public int Channels => _inputs.Channels;

    /// <summary>Largest code, 2^bits − 1.</summary>
    public int MaxCode => _inputs.MaxCode;

    /// <summary>This board's reference voltage in millivolts (nominal ± spread).</summary>
    public double VrefMv { get; }

    /// <summary>Nominal full scale in microvolts: what stimuli are scaled to (the board's own differs by its Vref).</summary>
    public double NominalFullScaleMicrovolts => _inputs.FullScaleMv * 1000.0;

    /// <summary>Operations counted by <see cref="Age"/> so far.</summary>
    public long OperationsUsed { get; private set; }

    /// <summary>True once <see cref="OperationsUsed"/> reaches the profile's end_of_life_ops.</summary>
    public bool IsWornOut => Profile.EndOfLifeOps is long end && OperationsUsed >= end;

    /// <summary>Relative gain of channel <paramref name="channel"/> now (1 = nominal), Vref not included.</summary>
    public double Gain(int channel) => _gain[channel];

    /// <summary>Offset of channel <paramref name="channel"/> in LSB.</summary>
    public double OffsetLsb(int channel) => _offsetLsb[channel];

    /// <summary>
    /// Reads every channel: <paramref name="stimulusMicrovolts"/>[c] volts in, <paramref name="codes"/>[c] out.
    /// Noise comes from <paramref name="noiseRng"/> (12 draws per channel when noise_lsb &gt; 0). Allocates nothing.
    /// </summary>
    public void Read(int[] stimulusMicrovolts, int[] codes, Pcg32 noiseRng)
    {
        int n = _inputs.Channels;
        if (stimulusMicrovolts.Length < n) throw new ArgumentException($"need {n} stimulus values, got {stimulusMicrovolts.Length}", nameof(stimulusMicrovolts));
        if (codes.Length < n) throw new ArgumentException($"need room for {n} codes, got {codes.Length}", nameof(codes));
        ArgumentNullException.ThrowIfNull(noiseRng);

        double noise = _inputs.NoiseLsb;
        double max = _inputs.MaxCode;
        bool clip = _inputs.Clip;
        for (int c = 0; c < n; c++)
        {
            double x = stimulusMicrovolts[c] * _codesPerMicrovolt[c] + _offsetLsb[c];
            x = ApplyNonlinearity(x);
            x += Inl(x);
            if (noise > 0) x += noise * Gaussian.Next(noiseRng);
            double code = Math.Floor(x + 0.5);
            if (clip) code = Math.Clamp(code, 0.0, max);
            codes[c] = (int)Math.Clamp(code, int.MinValue, int.MaxValue);
        }
    }

    /// <summary>Wears the board by <paramref name="operations"/>: every gain drifts along its own direction.</summary>
    public void Age(long operations)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(operations);
        OperationsUsed = OperationsUsed > long.MaxValue - operations ? long.MaxValue : OperationsUsed + operations;
        ApplyAgeing();
    }

    /// <summary>Features in [0, 1] (clamped) to microvolts over the profile's nominal full scale.</summary>
    public void StimulusFromUnit(float[] features, int[] microvolts) =>
        MicrovoltsFromUnit(features, microvolts, _inputs.FullScaleMv);

    /// <summary>Features in [0, 1] (clamped) to microvolts over <paramref name="fullScaleMv"/>; allocation-free.</summary>
    public static void MicrovoltsFromUnit(float[] features, int[] microvolts, double fullScaleMv)
    {
        if (microvolts.Length < features.Length) throw new ArgumentException("microvolts is shorter than features", nameof(microvolts));
        double scale = fullScaleMv * 1000.0;
        for (int i = 0; i < features.Length; i++)
            microvolts[i] = (int)Math.Floor(Math.Clamp((double)features[i], 0.0, 1.0) * scale + 0.5);
    }

    /// <summary>Allocating form of <see cref="MicrovoltsFromUnit(float[], int[], double)"/>.</summary>
    public static int[] MicrovoltsFromUnit(float[] features, double fullScaleMv)
    {
        var microvolts = new int[features.Length];
        MicrovoltsFromUnit(features, microvolts, fullScaleMv);
        return microvolts;
    }

    private void ApplyAgeing()
    {
        double codesPerMicrovolt = _codeSpan / _fullScaleMicrovolts;
        for (int c = 0; c < _gain.Length; c++)
        {
            _gain[c] = _baseGain[c] * Math.Max(0.01, 1.0 + _driftPerOp[c] * OperationsUsed);
            _codesPerMicrovolt[c] = _gain[c] * codesPerMicrovolt;
        }
    }

    private double ApplyNonlinearity(double x)
    {
        NonlinearityProfile shape = _inputs.Nonlinearity;
        switch (shape.Kind)
        {
            case NonlinearityKind.CompressHigh:
                return x > shape.KneeCode ? shape.KneeCode + (x - shape.KneeCode) * shape.SlopeAboveKnee : x;
            case NonlinearityKind.Bow:
                double t = Math.Clamp(x / _codeSpan, 0.0, 1.0);
                return x + shape.BowLsb * 4.0 * t * (1.0 - t);
            default:
                return x;
        }
    }

    /// <summary>The board's INL at (real-valued) code x, linear between breakpoints, 0 outside the range.</summary>
    private double Inl(double x)
    {
        double position = x / _codeSpan * (InlBreakpoints - 1);
        if (!(position > 0.0) || position >= InlBreakpoints - 1) return 0.0;
        int segment = (int)position;
        double fraction = position - segment;
        return _inl[segment] + (_inl[segment + 1] - _inl[segment]) * fraction;
    }

    /// <summary>Random interior breakpoints, ends pinned at 0, scaled so the largest is exactly ±amplitude.</summary>
    private static double[] DrawInlPattern(Pcg32 rng, double amplitude)
    {
        var pattern = new double[InlBreakpoints];
        double peak = 0.0;
        for (int i = 1; i < InlBreakpoints - 1; i++)
        {
            pattern[i] = Gaussian.NextSymmetricUniform(rng);
            peak = Math.Max(peak, Math.Abs(pattern[i]));
        }
        if (peak > 0.0)
            for (int i = 0; i < InlBreakpoints; i++) pattern[i] = pattern[i] / peak * amplitude;
        return pattern;
    }
}
