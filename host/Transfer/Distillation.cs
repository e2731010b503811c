using Edge.Core.Numerics;
using Edge.Core.Storage;
using Edge.Host.Boards;

namespace Edge.Host.Transfer;

/// <summary>Stimuli with the teacher's logits (Q15.16) for each, and labels to mix in (null: none).</summary>
public sealed record SoftTargets(int[][] Stimuli, int[][] Teacher, int[]? Labels = null)
{
    public int Count => Stimuli.Length;
}

/// <summary>What a distillation did: the epochs it ran, why it ended, and the held-out agreement before it and after each epoch of learning.</summary>
/// <param name="StoppedEarly">It stopped gaining and settled before the ceiling made it.</param>
/// <param name="HeldOutAgreement">The new board's agreement with the held-out answers at the end (null: none held out).</param>
public sealed record DistillationOutcome(int Epochs, int Ceiling, bool StoppedEarly, int HeldOut, double? HeldOutAgreement,
                                         int[] CheckEpochs, double[] HeldOutCurve, long TrainingFrames);

/// <summary>
/// A board learns a teacher's soft answers (TRAIN_SOFT at temperature T) for as long as it gains. Before the first
/// epoch and after each one it answers the held-out stimuli (never trained on); a gain is a new best agreement with them, or the best
/// agreement again at a new lowest soft loss (the finer measure breaks ties of the coarse one). After a patience of
/// epochs without a gain (<see cref="DistillationDefaults.Patience"/> by default), the learning rates settle: they decay from the
/// model's own to 10 % over <see cref="DistillationDefaults.SettleShare"/> of the epochs run so far, and the
/// distillation ends. The ceiling bounds all of it: settling starts at the latest where it still fits.
/// </summary>
public static class Distillation
{
    public static DistillationOutcome Run(BoardSession session, ModelConfig config, SoftTargets train, SoftTargets heldOut,
                                          int temperatureQ16, int alphaQ16, int ceiling, int patience, Pcg32 shuffle,
                                          Action<int>? afterEpoch = null, Action<int, long, long>? progress = null,
                                          CancellationToken cancellation = default)
    {
        var checks = new List<int>();
        var curve = new List<double>();
        long frames = 0, total = (long)ceiling * train.Count;
        int latestSettle = (int)(ceiling / (1 + DistillationDefaults.SettleShare));
        int settleFrom = -1, settleLength = 0, lastGain = 0, epoch = 0;
        double bestAgreement = double.MinValue, bestLoss = double.MaxValue;
        bool early = false;
        if (heldOut.Count > 0)   // where it starts: a copy's agreement, or a fresh model's
        {
            (bestAgreement, bestLoss) = Check(session, heldOut, temperatureQ16, cancellation);
            checks.Add(0);
            curve.Add(bestAgreement);
        }
        while (epoch < ceiling)
        {
            if (settleFrom < 0 && epoch >= latestSettle) (settleFrom, settleLength) = (epoch, ceiling - epoch);
            if (settleFrom < 0) BatchedBoardCalls.ScheduleRates(session, config, 0, 1);   // the model's own rates
            else BatchedBoardCalls.ScheduleRates(session, config, epoch - settleFrom, settleLength);
            long before = (long)epoch * train.Count, framesBefore = session.Client.FramesSent;
            int shown = epoch + 1;
            BatchedBoardCalls.TrainSoftEpoch(session, train.Stimuli, train.Teacher, temperatureQ16, train.Labels, alphaQ16, shuffle,
                done => progress?.Invoke(shown, before + done, total), cancellation);
            frames += session.Client.FramesSent - framesBefore;
            epoch++;
            afterEpoch?.Invoke(epoch);
            if (settleFrom >= 0)
            {
                if (epoch - settleFrom >= settleLength) break;
                continue;
            }
            if (heldOut.Count == 0) continue;
            var (agreement, loss) = Check(session, heldOut, temperatureQ16, cancellation);
            checks.Add(epoch);
            curve.Add(agreement);
            if (agreement > bestAgreement || (agreement == bestAgreement && loss < bestLoss)) lastGain = epoch;
            bestAgreement = Math.Max(bestAgreement, agreement);
            bestLoss = Math.Min(bestLoss, loss);
            if (epoch - lastGain < patience) continue;
            early = true;
            settleFrom = epoch;
            settleLength = Math.Min(ceiling - epoch, Math.Max(2, (int)Math.Ceiling(epoch * DistillationDefaults.SettleShare)));
        }
        double? final = null;
        if (heldOut.Count > 0)
        {
            if (checks[^1] != epoch)
            {
                checks.Add(epoch);
                curve.Add(Check(session, heldOut, temperatureQ16, cancellation).Agreement);
            }
            final = curve[^1];
        }
        BatchedBoardCalls.RestoreRates(session, config);
        return new DistillationOutcome(epoch, ceiling, early, heldOut.Count, final, checks.ToArray(), curve.ToArray(), frames);
    }

    /// <summary>The board's top-1 agreement (%) with the held-out answers, and its soft loss against them.</summary>
    private static (double Agreement, double Loss) Check(BoardSession session, SoftTargets heldOut, int temperatureQ16, CancellationToken cancellation)
    {
        int[][] answers = BatchedBoardCalls.Infer(session, heldOut.Stimuli, cancellation);
        return (BatchedBoardCalls.Agreement(answers, heldOut.Teacher), SoftLoss(answers, heldOut.Teacher, temperatureQ16 / 65536.0));
    }

    /// <summary>Mean cross-entropy (nats) of the student's softmax at T against the teacher's, over the stimuli.</summary>
    public static double SoftLoss(int[][] student, int[][] teacher, double temperature)
    {
        double sum = 0;
        for (int n = 0; n < student.Length; n++)
        {
            double[] p = Softmax(teacher[n], temperature), q = Softmax(student[n], temperature);
            for (int c = 0; c < p.Length; c++) sum -= p[c] * Math.Log(Math.Max(q[c], 1e-300));
        }
        return student.Length == 0 ? 0 : sum / student.Length;
    }

    private static double[] Softmax(int[] logitsQ16, double temperature)
    {
        double max = logitsQ16.Max() / 65536.0;
        double[] e = Array.ConvertAll(logitsQ16, l => Math.Exp((l / 65536.0 - max) / temperature));
        double total = e.Sum();
        for (int c = 0; c < e.Length; c++) e[c] /= total;
        return e;
    }
}
