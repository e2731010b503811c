namespace Edge.Host.Learn;

/// <summary>
/// The one learning-rate schedule of Edge: a run's rates decay linearly from the model's own to 10 % at the last
/// epoch, so what was learned early settles. `edge bench learn`, `edge train` (through SET_RATES) and the
/// distillations all use it, so what a bench measures is what a board does.
/// </summary>
public static class LearningRateSchedule
{
    /// <summary>The factor of <paramref name="epoch"/> (0-based) of <paramref name="epochs"/>: 1 at the first, 0.1 at the last.</summary>
    public static double Factor(int epoch, int epochs) => 1.0 - 0.9 * epoch / Math.Max(1, epochs - 1);

    /// <summary>A Q15.16 rate at <paramref name="epoch"/>, truncated: the value a board receives.</summary>
    public static int ScaleQ16(int rateQ16, int epoch, int epochs) => (int)(rateQ16 * Factor(epoch, epochs));
}
