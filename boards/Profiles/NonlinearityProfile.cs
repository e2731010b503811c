namespace Edge.Boards.Profiles;

/// <summary>The shape of the converter's transfer curve shared by every board of a profile.</summary>
public enum NonlinearityKind
{
    /// <summary>"none": straight line.</summary>
    None,
    /// <summary>"compress-high": straight up to a knee code, then a smaller slope (ESP32 ADC at 11 dB).</summary>
    CompressHigh,
    /// <summary>"bow": a parabola, zero at both ends, <see cref="NonlinearityProfile.BowLsb"/> at mid-scale.</summary>
    Bow,
}

/// <summary>
/// The profile-wide nonlinearity, applied in code units after gain and offset.
/// Only the fields of its <see cref="Kind"/> are meaningful (the loader rejects the others).
/// </summary>
/// <param name="KneeCode">compress-high: code above which the curve bends (0 &lt; knee &lt; 2^bits).</param>
/// <param name="SlopeAboveKnee">compress-high: codes out per code in above the knee, in (0, 1].</param>
/// <param name="BowLsb">bow: deviation at mid-scale in LSB (positive bows up).</param>
public sealed record NonlinearityProfile(NonlinearityKind Kind, int KneeCode = 0, double SlopeAboveKnee = 1.0, double BowLsb = 0.0)
{
    public static readonly NonlinearityProfile Straight = new(NonlinearityKind.None);
}
