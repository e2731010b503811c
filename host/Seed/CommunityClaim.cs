using Edge.Core.Numerics;
using Edge.Core.Storage;
using Edge.Host.Cli;
using Edge.Host.Data;
using Edge.Host.Learn;
using Edge.Host.Plots;

namespace Edge.Host.Seed;

/// <summary>
/// `community`: four boards, each with a disjoint quarter of the labelled training data, learning alone; as identical
/// digital boards averaging their weight changes every mini-batch; as different mortal boards co-distilling through their
/// soft answers on a shared unlabeled set; against one board that learned all the data.
/// </summary>
public sealed class CommunityClaim : SeedClaim
{
    private const string Profile = "sim-digits";
    private const int Boards = 4, Hidden = 32;
    private const double Temperature = 4, LabelWeight = 0.5;
    /// <summary>The issue's goals: co-distilled mortal boards within 1.5 points of the all-data board; averaging digital boards within 1.</summary>
    private const double MortalMargin = 1.5, DigitalMargin = 1.0;

    /// <param name="Epochs">Every board sees as many samples as this many passes over the whole training split.</param>
    /// <param name="Rounds">Co-distillation rounds: each harvests the boards' answers anew.</param>
    private sealed record Sizes(int Epochs, int Rounds)
    {
        public static Sizes For(bool quick) => quick ? new(2, 1) : new(200, 4);
    }

    public override string Name => "community";

    public override string Statement => "digital copies share what they learn by averaging weight changes; mortal ones must distil";

    public override string Experiment(bool quick)
    {
        Sizes s = Sizes.For(quick);
        return $"Digits, 64-{Hidden}-10; the training split dealt into {Boards} disjoint class-balanced quarters. Every board sees as " +
               $"many samples as {s.Epochs} epochs of the whole split, the rate decaying over them (the defaults for that budget). " +
               $"Alone: `{Profile}` boards #1–#{Boards}, each learning its labelled quarter only. Digital: {Boards} identical replicas of " +
               "the fixed-point model (ideal 12-bit ADC, the same initial weights), each learning its quarter, their int32 master " +
               "weights averaged after every mini-batch of 16. Mortal: the same different boards, each first learning its quarter " +
               $"for half the budget, then {s.Rounds} round(s) of co-distillation: every board answers the whole training split " +
               $"(shared, unlabeled) and learns the mean logits of the other {Boards - 1} at T = {Temperature} (mixed with its own " +
               $"labels by α = {LabelWeight} on its own quarter). All data: board #1, and one digital model, learning the whole " +
               "labelled split. Test accuracy.";
    }

    public override ClaimOutcome Run(SeedRun run)
    {
        Sizes sizes = Sizes.For(run.Quick);
        Dataset data = run.Digits;
        var shape = DataShape.Of(data);
        int[] arch = [data.FeatureCount, Hidden, data.ClassCount];
        var model = SimBoard.DefaultModel(arch, shape, sizes.Epochs);
        int[][] parts = Samples.Parts(data.TrainLabels, data.ClassCount, Boards, 1);

        var boards = new SimBoard[Boards];
        try
        {
            for (int b = 0; b < Boards; b++) boards[b] = SimBoard.Open(run, Profile, (uint)(b + 1), data);
            int[][] stimuli = boards[0].Encode(data.TrainFeatures), test = boards[0].Encode(data.TestFeatures);   // one profile: one encoding

            run.Say($"  {Boards} mortal boards alone, each on its quarter");
            double[] alone = new double[Boards];
            for (int b = 0; b < Boards; b++)
            {
                boards[b].Flash(model);
                LearnPart(boards[b], stimuli, data.TrainLabels, parts[b], 0, sizes.Epochs, sizes.Epochs, (ulong)b + 1);
                boards[b].RestoreRates();
                alone[b] = boards[b].Accuracy(test, data.TestLabels);
            }

            run.Say($"  {Boards} mortal boards co-distilling");
            double[] codistilled = CoDistil(run, boards, stimuli, data.TrainLabels, parts, model, sizes).Select(b => b.Accuracy(test, data.TestLabels)).ToArray();

            run.Say("  mortal board #1 on all the data");
            boards[0].Flash(model);
            boards[0].Train(stimuli, data.TrainLabels, sizes.Epochs);
            double mortalAll = boards[0].Accuracy(test, data.TestLabels);

            run.Say($"  {Boards} digital replicas averaging their weight changes, and one digital model on all the data");
            double rate = LearnDefaults.Rate(shape, sizes.Epochs);
            LearnSettings digital = LearnDefaults.For(LearningAlgorithm.ActivityPerturbation, shape, [Hidden])
                .WithRates(rate, rate) with { Data = "digits", Epochs = sizes.Epochs };
            double averaged = DigitalAveraging.Run(data, parts, digital, run.Cancellation);
            double digitalAll = LearnBenchmark.Run(data, digital).TestAccuracy;

            return Outcome(alone, codistilled, mortalAll, averaged, digitalAll);
        }
        finally
        {
            foreach (SimBoard? board in boards) board?.Dispose();
        }
    }

    /// <summary>
    /// Board <paramref name="board"/> learns its labelled part for schedule epochs [first, end) of <paramref name="of"/>: in each, as
    /// many passes over the part as make one pass's worth of the whole split.
    /// </summary>
    private static void LearnPart(SimBoard board, int[][] stimuli, int[] labels, int[] part, int first, int end, int of, ulong seed)
    {
        int[][] s = Samples.Pick(stimuli, part);
        int[] y = Samples.Pick(labels, part);
        var shuffle = new Pcg32(seed, 3);
        int passes = Math.Max(1, (int)Math.Round((double)stimuli.Length / part.Length));
        for (int e = first; e < end; e++) board.TrainAt(s, y, passes, shuffle, e, of);
    }

    /// <summary>Each board learns its quarter for half the budget, then the boards distil one another's answers, round by round.</summary>
    private static SimBoard[] CoDistil(SeedRun run, SimBoard[] boards, int[][] stimuli, int[] labels, int[][] parts, ModelConfig model, Sizes sizes)
    {
        int half = sizes.Epochs / 2;
        for (int b = 0; b < boards.Length; b++)
        {
            boards[b].Flash(model);
            LearnPart(boards[b], stimuli, labels, parts[b], 0, half, sizes.Epochs, (ulong)b + 1);
        }
        var shuffles = Enumerable.Range(0, boards.Length).Select(b => new Pcg32((ulong)b + 101, 3)).ToArray();
        int epoch = half;
        for (int round = 0; round < sizes.Rounds; round++)
        {
            run.Cancellation.ThrowIfCancellationRequested();
            int end = half + (sizes.Epochs - half) * (round + 1) / sizes.Rounds;
            int[][][] answers = boards.Select(b => b.Infer(stimuli)).ToArray();
            for (int b = 0; b < boards.Length; b++)
            {
                int[][] teacher = MeanOfOthers(answers, b);
                int[] own = Enumerable.Repeat(-1, labels.Length).ToArray();
                foreach (int i in parts[b]) own[i] = labels[i];
                for (int e = epoch; e < end; e++) boards[b].DistilAt(stimuli, teacher, Temperature, own, LabelWeight, 1, shuffles[b], e, sizes.Epochs);
            }
            epoch = end;
        }
        foreach (SimBoard board in boards) board.RestoreRates();
        return boards;
    }

    /// <summary>Per stimulus, the mean of the other boards' logits (Q15.16).</summary>
    private static int[][] MeanOfOthers(int[][][] answers, int self) =>
        Enumerable.Range(0, answers[0].Length).Select(i =>
        {
            var mean = new int[answers[0][i].Length];
            for (int c = 0; c < mean.Length; c++)
            {
                long sum = 0;
                for (int b = 0; b < answers.Length; b++) if (b != self) sum += answers[b][i][c];
                mean[c] = (int)(sum / (answers.Length - 1));
            }
            return mean;
        }).ToArray();

    private static ClaimOutcome Outcome(double[] alone, double[] codistilled, double mortalAll, double averaged, double digitalAll)
    {
        var table = new ResultTable("boards", "board_1", "board_2", "board_3", "board_4", "mean");
        object?[] Row(string name, double[] values) => [name, .. values.Select(v => (object?)Math.Round(v, 2)), Math.Round(values.Average(), 2)];
        object?[] Single(string name, double value) => [name, Math.Round(value, 2), null, null, null, Math.Round(value, 2)];
        table.AddRow(Row("mortal, alone on its quarter", alone));
        table.AddRow(Row("mortal, co-distilling", codistilled));
        table.AddRow(Single("mortal board #1, all the data", mortalAll));
        table.AddRow(Single("digital, averaging weight changes (one shared model)", averaged));
        table.AddRow(Single("digital, all the data", digitalAll));

        var outcome = new ClaimOutcome();
        outcome.Tables.Add(new SeedTable("boards", $"test accuracy % of {Profile} boards #1–#{Boards} and of the digital models", table));
        outcome.Checks.Add(new Check($"every co-distilled mortal board is within {MortalMargin} points of the mortal board that learned all the data",
            codistilled.All(a => a >= mortalAll - MortalMargin), $"{string.Join(", ", codistilled.Select(a => a.ToString("F2")))} vs {mortalAll:F2} %"));
        outcome.Checks.Add(new Check($"the digital boards averaging their weight changes are within {DigitalMargin} point of the digital model that learned all the data",
            averaged >= digitalAll - DigitalMargin, $"{averaged:F2} vs {digitalAll:F2} %"));
        string[] groups = ["mortal:\nalone", "mortal:\nco-distilling", "mortal:\nall the data", "digital:\naveraging", "digital:\nall the data"];
        double nan = double.NaN;
        outcome.Panels.Add(new BarPanel($"{Boards} boards, a quarter of the data each", "", "test accuracy (%)", groups,
            Enumerable.Range(0, Boards).Select(b => new BarSeries($"board {b + 1}",
                [alone[b], codistilled[b], b == 0 ? mortalAll : nan, b == 0 ? averaged : nan, b == 0 ? digitalAll : nan])).ToList()));
        return outcome;
    }
}
