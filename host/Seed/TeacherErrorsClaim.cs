using Edge.Host.Cli;
using Edge.Host.Data;
using Edge.Host.Learn;
using Edge.Host.Plots;
using Edge.Host.Transfer;

namespace Edge.Host.Seed;

/// <summary>
/// `teacher-errors`: which of a teacher board's test errors a student board repeats (the same wrong class) when it learned
/// the teacher's soft answers, against when it learned the labels.
/// </summary>
public sealed class TeacherErrorsClaim : SeedClaim
{
    private const uint TeacherSerial = 1, StudentSerial = 2;
    private const double Temperature = 4;

    /// <param name="Fashion">Fashion-MNIST 14×14 on sim-fashion boards (196-128-10), else digits on sim-digits (64-32-10).</param>
    private sealed record Sizes(bool Fashion, int Epochs)
    {
        public static Sizes For(bool quick) => quick ? new(false, 2) : new(true, 4);
        public string Profile => Fashion ? "sim-fashion" : "sim-digits";
        public int Hidden => Fashion ? 128 : 32;
    }

    public override string Name => "teacher-errors";

    public override string Statement => "a distilled student learns to generalise like its teacher, errors included";

    public override string Experiment(bool quick)
    {
        Sizes s = Sizes.For(quick);
        string data = s.Fashion ? "Fashion-MNIST 14×14 (10,000 test images: enough teacher errors to count)" : "Digits";
        return $"{data}, {(s.Fashion ? 196 : 64)}-{s.Hidden}-10 on `{s.Profile}` boards. The teacher, board #{TeacherSerial}, learns the " +
               $"labelled training split for {s.Epochs} epochs on the device; its answers to the training split are harvested. The " +
               $"student, board #{StudentSerial}, flashed fresh (seed 1), learns the training split for {s.Epochs} epochs either from " +
               $"the teacher's answers at T = {Temperature} (soft, no labels) or from the labels (hard). On the test split: the share " +
               "of the teacher's errors that the student repeats (the same wrong class), with its binomial standard error, and the " +
               "top-1 agreement of student and teacher.";
    }

    public override ClaimOutcome Run(SeedRun run)
    {
        Sizes sizes = Sizes.For(run.Quick);
        Dataset data = sizes.Fashion ? run.Fashion : run.Digits;
        var shape = DataShape.Of(data);
        int[] arch = [data.FeatureCount, sizes.Hidden, data.ClassCount];
        var model = SimBoard.DefaultModel(arch, shape, sizes.Epochs);

        run.Say($"  the teacher, {SimBoard.Target(sizes.Profile, TeacherSerial)}, learns the labels ({sizes.Epochs} epochs)");
        int[][] answers, teacherTest;
        using (SimBoard teacher = SimBoard.Open(run, sizes.Profile, TeacherSerial, data))
        {
            teacher.Flash(model);
            int[][] train = teacher.Encode(data.TrainFeatures);
            teacher.Train(train, data.TrainLabels, sizes.Epochs);
            answers = teacher.Infer(train);
            teacherTest = teacher.Infer(teacher.Encode(data.TestFeatures));
        }
        int[] teacherClass = teacherTest.Select(BatchedBoardCalls.ArgMax).ToArray();
        int[] errors = Enumerable.Range(0, data.TestCount).Where(i => teacherClass[i] != data.TestLabels[i]).ToArray();

        using SimBoard student = SimBoard.Open(run, sizes.Profile, StudentSerial, data);
        int[][] stimuli = student.Encode(data.TrainFeatures), test = student.Encode(data.TestFeatures);
        run.Say($"  the student, {SimBoard.Target(sizes.Profile, StudentSerial)}, learns the teacher's answers");
        student.Flash(model);
        student.Distil(stimuli, answers, Temperature, sizes.Epochs);
        Student soft = Measure("soft: the teacher's answers at T = 4", student.Infer(test), data.TestLabels, teacherClass, errors);
        run.Say($"  the student learns the labels");
        student.Flash(model);
        student.Train(stimuli, data.TrainLabels, sizes.Epochs);
        Student hard = Measure("hard: the labels", student.Infer(test), data.TestLabels, teacherClass, errors);

        var table = new ResultTable("student", "test_accuracy", "agreement_with_teacher", "teacher_errors_repeated", "teacher_errors", "share_repeated", "share_se");
        foreach (Student s in new[] { soft, hard })
            table.AddRow(s.Name, Math.Round(s.Accuracy, 2), Math.Round(s.Agreement, 2), s.Repeated, errors.Length, Math.Round(100 * s.Share, 2), Math.Round(100 * s.ShareError, 2));
        var outcome = new ClaimOutcome();
        double teacherAccuracy = 100.0 * (data.TestCount - errors.Length) / data.TestCount;
        outcome.Tables.Add(new SeedTable("students", $"on the test split (teacher: {teacherAccuracy:F2} %, {errors.Length} errors); shares in %", table));

        double difference = soft.Share - hard.Share;
        double differenceError = Math.Sqrt(soft.ShareError * soft.ShareError + hard.ShareError * hard.ShareError);
        outcome.Checks.Add(new Check("the soft student repeats a larger share of the teacher's test errors than the hard student, by more than 2 standard errors",
            difference > 2 * differenceError, $"{100 * soft.Share:F1} % vs {100 * hard.Share:F1} % (difference {100 * difference:F1} ± {100 * differenceError:F1})"));
        outcome.Checks.Add(new Check("the soft student agrees with the teacher on more test samples than the hard student",
            soft.Agreement > hard.Agreement, $"{soft.Agreement:F2} % vs {hard.Agreement:F2} %"));
        outcome.Panels.Add(new BarPanel($"students of {sizes.Profile}#{TeacherSerial} ({teacherAccuracy:F1} %, {errors.Length} test errors)", "", "%",
            ["teacher's errors repeated", "agreement with the teacher", "test accuracy"],
        [
            new BarSeries("soft: the teacher's answers", [100 * soft.Share, soft.Agreement, soft.Accuracy]),
            new BarSeries("hard: the labels", [100 * hard.Share, hard.Agreement, hard.Accuracy]),
        ]));
        return outcome;
    }

    private sealed record Student(string Name, double Accuracy, double Agreement, int Repeated, double Share, double ShareError);

    private static Student Measure(string name, int[][] logits, int[] labels, int[] teacherClass, int[] errors)
    {
        int[] predicted = logits.Select(BatchedBoardCalls.ArgMax).ToArray();
        int repeated = errors.Count(i => predicted[i] == teacherClass[i]);
        double share = errors.Length == 0 ? double.NaN : (double)repeated / errors.Length;
        return new Student(name,
            100.0 * Enumerable.Range(0, labels.Length).Count(i => predicted[i] == labels[i]) / labels.Length,
            100.0 * Enumerable.Range(0, labels.Length).Count(i => predicted[i] == teacherClass[i]) / labels.Length,
            repeated, share, Math.Sqrt(share * (1 - share) / Math.Max(1, errors.Length)));
    }
}
