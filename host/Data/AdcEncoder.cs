using Edge.Core.Numerics;

namespace Edge.Host.Data;

/// <summary>
/// Turns features in [0, 1] (fractions of an input's range) into the codes an ideal <c>bits</c>-bit
/// ADC with Gaussian input noise would read: code = clamp(round(x·(2^bits − 1) + n), 0, 2^bits − 1),
/// n ~ N(0, σ²) in LSB drawn fresh for every value of every call. Rounding is half up
/// (floor(v + 0.5)); saturation at both rails is explicit. The noise comes from <see cref="Pcg32"/>
/// through Box–Muller, so a seed fixes the whole code sequence; an instance is not thread-safe.
/// </summary>
public sealed class AdcEncoder
{
    public const int MinBits = 1;
    public const int MaxBits = 16;

    private readonly Pcg32 _rng;
    private double _spareNormal;
    private bool _hasSpare;

    public int Bits { get; }
    public double NoiseLsb { get; }

    /// <summary>The largest code, 2^bits − 1.</summary>
    public int MaxCode { get; }

    public AdcEncoder(int bits, double noiseLsb, ulong seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bits, MinBits);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bits, MaxBits);
        if (!(noiseLsb >= 0) || double.IsInfinity(noiseLsb))
            throw new ArgumentOutOfRangeException(nameof(noiseLsb), noiseLsb, "noise sigma must be finite and >= 0 LSB");
        Bits = bits;
        NoiseLsb = noiseLsb;
        MaxCode = (1 << bits) - 1;
        _rng = new Pcg32(seed, 0);
    }

    /// <summary>Encodes <paramref name="features"/> into <paramref name="codes"/> (same length); allocates nothing.</summary>
    public void Encode(float[] features, int[] codes)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(codes);
        if (codes.Length != features.Length)
            throw new ArgumentException($"{codes.Length} codes for {features.Length} features", nameof(codes));
        for (int i = 0; i < features.Length; i++)
        {
            double noise = NoiseLsb > 0 ? NoiseLsb * NextStandardNormal() : 0.0;
            codes[i] = ToCode(features[i] * (double)MaxCode + noise, MaxCode);
        }
    }

    /// <summary>The noiseless code of <paramref name="x"/> for a <paramref name="bits"/>-bit converter.</summary>
    public static int Quantize(float x, int bits)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bits, MinBits);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bits, MaxBits);
        int maxCode = (1 << bits) - 1;
        return ToCode(x * (double)maxCode, maxCode);
    }

    /// <summary>Noiseless codes of all <paramref name="features"/> (same length as <paramref name="codes"/>).</summary>
    public static void Quantize(float[] features, int bits, int[] codes)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(codes);
        if (codes.Length != features.Length)
            throw new ArgumentException($"{codes.Length} codes for {features.Length} features", nameof(codes));
        for (int i = 0; i < features.Length; i++) codes[i] = Quantize(features[i], bits);
    }

    /// <summary>Round half up, then saturate to [0, maxCode]; NaN reads as 0 (a floating input).</summary>
    private static int ToCode(double scaled, int maxCode)
    {
        double rounded = Math.Floor(scaled + 0.5);
        if (!(rounded > 0)) return 0;
        if (rounded >= maxCode) return maxCode;
        return (int)rounded;
    }

    /// <summary>Box–Muller: two uniforms give two independent N(0, 1) values; the second is kept for the next call.</summary>
    private double NextStandardNormal()
    {
        if (_hasSpare)
        {
            _hasSpare = false;
            return _spareNormal;
        }
        double u1 = 1.0 - NextUnitDouble(); // (0, 1]: keeps the logarithm finite
        double u2 = NextUnitDouble();
        double radius = Math.Sqrt(-2.0 * Math.Log(u1));
        double angle = 2.0 * Math.PI * u2;
        _spareNormal = radius * Math.Sin(angle);
        _hasSpare = true;
        return radius * Math.Cos(angle);
    }

    /// <summary>A uniform double in [0, 1) with 53 random bits from two PCG32 outputs.</summary>
    private double NextUnitDouble()
    {
        ulong high = _rng.NextUInt() >> 5; // 27 bits
        ulong low = _rng.NextUInt() >> 6;  // 26 bits
        return ((high << 26) | low) * (1.0 / (1UL << 53));
    }
}
