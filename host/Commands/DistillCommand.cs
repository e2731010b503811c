using Edge.Core.Numerics;
using Edge.Host.Boards;
using Edge.Host.Cli;
using Edge.Host.Data;
using Edge.Host.Learn;
using Edge.Host.Stimuli;
using Edge.Host.Teachers;
using Edge.Host.Transfer;

namespace Edge.Host.Commands;

/// <summary>`edge distill`: a board learns a teacher model's soft answers through its own hardware.</summary>
public sealed class DistillCommand : Command
{
    public override string Name => "distill";
    public override string Summary => "train a board on a teacher model's soft targets at temperature T";
    public override string Description =>
        "The host computes the teacher's logits (an ONNX model, e.g. from `edge teach`) for every training stimulus " +
        "and streams PRESENT + TRAIN_SOFT frames; the board learns them with its own on-device learner on the " +
        "T²-scaled soft-target loss, mixed with the labels by --alpha (0: soft targets only), for as long as its " +
        "agreement with the teacher on a held-out tenth of the training split rises (--epochs is the ceiling). Reports the " +
        "student's test accuracy, its top-1 agreement with the teacher, and the frames and bytes sent and received. The board must have a model (`edge flash`). A teacher whose " +
        "outputs are not finite or that scores no better than chance on the training split is refused (unless --force). " +
        "Ctrl+C stops at the next board call (exit 130); the board's flash keeps the model it had.";

    public override IReadOnlyList<ArgumentSpec> Arguments => [TargetOptions.Target];

    public override IReadOnlyList<OptionSpec> Options =>
    [
        OptionSpec.Value("teacher", "FILE", "the teacher: an ONNX model with one float input [N, features] and logits out"),
        TargetOptions.Data,
        OptionSpec.Value("temperature", "T", "softmax temperature", "4"),
        OptionSpec.Value("alpha", "A", "weight of the hard-label loss, 0..1", "0"),
        OptionSpec.Value("epochs", "N", "the most passes over the training split; it stops sooner when the held-out agreement stops rising (default: bench learn's)"),
        OptionSpec.Value("seed", "S", "seed of the sample order", "1"),
        DistillationOptions.Patience,
        OptionSpec.Flag("force", "distill a teacher even if its outputs are not finite or it scores no better than chance"),
        TargetOptions.FlashDir,
        TargetOptions.DataDir,
        TargetOptions.Timeout,
        .. MqttOptions.Specs,
    ];

    public override int Run(CommandContext context)
    {
        var o = context.Options;
        string teacherPath = o.GetStringOrNull("teacher") ?? throw new UsageException("--teacher FILE is required");
        double temperature = o.GetDouble("temperature");
        if (!(temperature >= 0.0625) || temperature > 256) throw new UsageException("--temperature must be in [0.0625, 256]");
        double alpha = o.GetDouble("alpha");
        if (!(alpha >= 0) || alpha > 1) throw new UsageException("--alpha must be in [0, 1]");
        Dataset data = TargetOptions.LoadData(context);
        int epochs = o.GetInt("epochs", DistillationDefaults.EpochCeiling(DataShape.Of(data), data.TrainCount, fromOldWeights: false));
        if (epochs < 0) throw new UsageException("--epochs must be 0 or more");

        int[][] teacherTrain, teacherTest;
        using (var teacher = new OnnxTeacher(teacherPath))
        {
            if (teacher.InputCount != data.FeatureCount || teacher.ClassCount != data.ClassCount)
                throw new CliException($"teacher {teacherPath} maps {teacher.InputCount} inputs to {teacher.ClassCount} classes; {data.Name} has {data.FeatureCount} features and {data.ClassCount} classes");
            float[][] answers = teacher.Logits(data.TrainFeatures);
            if (TeacherSanity.Problem(answers, data.TrainLabels) is { } problem)
            {
                if (!o.HasFlag("force"))
                    throw new CliException($"teacher {teacherPath} {problem}: distilling it would only teach the board noise (--force to distill it anyway)");
                context.Warn($"teacher {teacherPath} {problem}; distilling it as --force asks");
            }
            teacherTrain = ToQ16(answers);
            teacherTest = ToQ16(teacher.Logits(data.TestFeatures));
        }

        using BoardSession session = TargetOptions.Open(context);
        var model = session.RequireModel();
        TargetOptions.CheckClasses(session, model, data);
        StimulusEncoder encoder = TargetOptions.Encoder(session, data);
        int[][] train = encoder.EncodeAll(data.TrainFeatures), test = encoder.EncodeAll(data.TestFeatures);
        var (trainIdx, heldIdx) = HeldOut.Split(Enumerable.Range(0, train.Length));
        SoftTargets Targets(int[] idx) => new(idx.Select(i => train[i]).ToArray(), idx.Select(i => teacherTrain[i]).ToArray(),
                                              alpha > 0 ? idx.Select(i => data.TrainLabels[i]).ToArray() : null);
        int temperatureQ16 = BatchedBoardCalls.ToQ16(temperature), alphaQ16 = BatchedBoardCalls.ToQ16(alpha);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        DistillationOutcome outcome;
        using (var stages = new ProgressStages(context))
            outcome = Distillation.Run(session, model.Config, Targets(trainIdx), Targets(heldIdx), temperatureQ16, alphaQ16, epochs, DistillationOptions.GetPatience(o),
                new Pcg32((ulong)o.GetLong("seed"), 3), progress: (epoch, done, total) => stages.Report($"distilling into {session.Target}, epoch {epoch} (at most {epochs})", done, total),
                cancellation: context.Cancellation);
        double seconds = watch.Elapsed.TotalSeconds;
        session.Call(session.Client.Save);
        int[][] student = BatchedBoardCalls.Infer(session, test);
        long samples = (long)outcome.Epochs * trainIdx.Length;
        WireCost wire = WireCost.Of(session.Client);
        context.Write(new CommandResult()
            .Add("target", session.Target.ToString())
            .Add("teacher", teacherPath)
            .Add("data", data.Name)
            .Add("temperature", temperature)
            .Add("alpha", alpha)
            .Add("epochs", outcome.Epochs)
            .Add("epochs_ceiling", epochs)
            .Add("stopped_early", outcome.StoppedEarly)
            .Add("held_out", outcome.HeldOut)
            .Add("held_out_agreement", outcome.HeldOutAgreement is { } h ? Math.Round(h, 2) : null)
            .Add("samples", samples)
            .Add("samples_per_second", seconds > 0 ? Math.Round(samples / seconds, 1) : null)
            .Add("teacher_accuracy", Math.Round(BatchedBoardCalls.Accuracy(teacherTest, data.TestLabels), 2))
            .Add("test_accuracy", Math.Round(BatchedBoardCalls.Accuracy(student, data.TestLabels), 2))
            .Add("agreement", Math.Round(BatchedBoardCalls.Agreement(student, teacherTest), 2))
            .Add("seconds", Math.Round(seconds, 2))
            .Add("frames", wire.Frames)
            .Add("training_frames", outcome.TrainingFrames)
            .Add("bytes_to_boards", wire.BytesToBoards)
            .Add("bytes_from_boards", wire.BytesFromBoards)
            .Add("estimated_seconds_at_115200", Math.Round(wire.EstimatedSeconds, 1)));
        return 0;
    }

    /// <summary>Float logits to Q15.16, saturated.</summary>
    private static int[][] ToQ16(float[][] logits) =>
        logits.Select(row => row.Select(v => (int)Math.Clamp(Math.Round(v * 65536.0), int.MinValue, int.MaxValue)).ToArray()).ToArray();
}
