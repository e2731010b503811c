using Edge.Host.Cli;
using Edge.Host.Data;
using Edge.Host.Learn;
using Edge.Host.Plots;

namespace Edge.Host.Seed;

/// <summary>
/// `soft-targets`: one student board learning from n transfer examples, with a teacher board's soft answers at T = 4
/// or with the hard labels, for n from 25 to the whole training split.
/// </summary>
public sealed class SoftTargetsClaim : SeedClaim
{
    private const string Profile = "sim-digits";
    private const uint TeacherSerial = 1, StudentSerial = 2;
    private const double Temperature = 4;
    private const int Hidden = 32;

    /// <param name="Counts">Examples per run (0: the whole training split).</param>
    /// <param name="Epochs">Every run sees as many examples as this many passes over the whole split.</param>
    private sealed record Sizes(int[] Counts, int Epochs)
    {
        public static Sizes For(bool quick) => quick ? new([25, 0], 2) : new([25, 50, 100, 200, 400, 800, 0], 200);
    }

    public override string Name => "soft-targets";

    public override string Statement => "soft targets carry far more information per example than labels";

    public override string Experiment(bool quick)
    {
        Sizes s = Sizes.For(quick);
        return $"Digits, 64-{Hidden}-10 on `{Profile}` boards. The teacher, board #{TeacherSerial}, learns the labelled training split " +
               $"for {s.Epochs} epochs on the device; its answers (logits) to the training split are harvested. The student, board " +
               $"#{StudentSerial}, is flashed fresh (seed 1) for every run and learns n = {string.Join(", ", s.Counts.Select(c => c == 0 ? "all" : c.ToString()))} " +
               $"examples (class-balanced, nested subsets of the training split), either the teacher's answers at T = {Temperature} (soft, " +
               $"`edge distill`'s loss, no labels) or the labels (hard, `edge train`), for as many presentations as {s.Epochs} epochs " +
               "of the whole split (so a small subset gets many more passes), the rate decaying. Test accuracy of the student.";
    }

    public override ClaimOutcome Run(SeedRun run)
    {
        Sizes sizes = Sizes.For(run.Quick);
        Dataset data = run.Digits;
        var shape = DataShape.Of(data);
        int[] arch = [data.FeatureCount, Hidden, data.ClassCount];
        var model = SimBoard.DefaultModel(arch, shape, sizes.Epochs);

        run.Say($"  the teacher, {SimBoard.Target(Profile, TeacherSerial)}, learns the labels");
        int[][] teacherAnswers;
        double teacherAccuracy;
        using (SimBoard teacher = SimBoard.Open(run, Profile, TeacherSerial, data))
        {
            teacher.Flash(model);
            int[][] train = teacher.Encode(data.TrainFeatures);
            teacher.Train(train, data.TrainLabels, sizes.Epochs);
            teacherAnswers = teacher.Infer(train);
            teacherAccuracy = teacher.Accuracy(teacher.Encode(data.TestFeatures), data.TestLabels);
        }

        using SimBoard student = SimBoard.Open(run, Profile, StudentSerial, data);
        int[][] stimuli = student.Encode(data.TrainFeatures), test = student.Encode(data.TestFeatures);
        int[] order = Samples.Stratified(data.TrainLabels, data.ClassCount, 1);
        int[] counts = sizes.Counts.Select(c => c == 0 ? data.TrainCount : c).ToArray();
        var soft = new List<double>();
        var hard = new List<double>();
        var table = new ResultTable("examples", "share_of_split", "epochs", "soft_t4", "hard_labels", "soft_minus_hard");
        foreach (int n in counts)
        {
            run.Cancellation.ThrowIfCancellationRequested();
            int[] subset = order[..n];
            int epochs = (int)Math.Max(1, Math.Round((double)sizes.Epochs * data.TrainCount / n));
            run.Say($"  {n} examples, {epochs} epochs: soft targets, then labels");
            student.Flash(model);
            student.Distil(Samples.Pick(stimuli, subset), Samples.Pick(teacherAnswers, subset), Temperature, epochs);
            soft.Add(student.Accuracy(test, data.TestLabels));
            student.Flash(model);
            student.Train(Samples.Pick(stimuli, subset), Samples.Pick(data.TrainLabels, subset), epochs);
            hard.Add(student.Accuracy(test, data.TestLabels));
            table.AddRow(n, Math.Round((double)n / data.TrainCount, 3), epochs, Math.Round(soft[^1], 2), Math.Round(hard[^1], 2), Math.Round(soft[^1] - hard[^1], 2));
        }

        var outcome = new ClaimOutcome();
        outcome.Tables.Add(new SeedTable("examples", $"test accuracy % of the student; the teacher board reaches {teacherAccuracy:F2} %", table));
        double hardAll = hard[^1];
        int quarter = data.TrainCount / 4;
        int reachedAt = Enumerable.Range(0, counts.Length).Where(i => soft[i] >= hardAll).Select(i => counts[i]).DefaultIfEmpty(-1).First();
        outcome.Checks.Add(new Check($"soft targets reach the hard labels' accuracy on all {data.TrainCount} examples ({hardAll:F2} %) with at most a quarter of them ({quarter})",
            reachedAt > 0 && reachedAt <= quarter,
            reachedAt > 0 ? $"first reached with {reachedAt} examples ({soft[Array.IndexOf(counts, reachedAt)]:F2} %)" : $"never (soft on all: {soft[^1]:F2} %)"));
        int[] fewer = Enumerable.Range(0, counts.Length).Where(i => counts[i] < data.TrainCount).ToArray();
        outcome.Checks.Add(new Check("soft targets beat hard labels at every number of examples below all",
            fewer.All(i => soft[i] > hard[i]), string.Join(", ", fewer.Select(i => $"{counts[i]}: {soft[i] - hard[i]:+0.0;-0.0}"))));

        double[] x = counts.Select(c => (double)c).ToArray();
        outcome.Panels.Add(new LinePanel($"student {Profile}#{StudentSerial} learning from n examples", "examples n", "test accuracy (%)",
        [
            new Curve($"teacher's answers at T = {Temperature}", x, soft.ToArray()),
            new Curve("hard labels", x, hard.ToArray()),
            new Curve("hard labels, all examples", [x[0], x[^1]], [hardAll, hardAll]),
            new Curve($"teacher {Profile}#{TeacherSerial}", [x[0], x[^1]], [teacherAccuracy, teacherAccuracy]),
        ], LogX: true));
        return outcome;
    }
}
