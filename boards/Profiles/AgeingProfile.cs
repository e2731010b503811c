namespace Edge.Boards.Profiles;

/// <summary>Slow drift of the input gains with use.</summary>
/// <param name="GainDriftPerMillionOps">σ of the relative gain change per million operations, per channel
/// (each channel drifts steadily in its own direction).</param>
public sealed record AgeingProfile(double GainDriftPerMillionOps);
