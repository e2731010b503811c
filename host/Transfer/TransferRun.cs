using System.Diagnostics;
using Edge.Core.Numerics;
using Edge.Core.Protocol;
using Edge.Core.Storage;
using Edge.Firmware;
using Edge.Host.Boards;
using Edge.Host.Cli;
using Edge.Host.Data;
using Edge.Host.Stimuli;

namespace Edge.Host.Transfer;

/// <summary>What `edge transfer` is asked to do.</summary>
public sealed record TransferPlan(
    string From, string To, Dataset Data, float[][] TransferSet, string CachePath,
    double Temperature, int Epochs, ulong Seed, TimeSpan Timeout,
    string? FromFlashDirectory = null, string? ToFlashDirectory = null, Fleet.MqttLogin? Login = null);

/// <summary>What a transfer measured.</summary>
public sealed record TransferReport(
    double? OldAccuracy, double NewAccuracy, double? Agreement, double? NaiveCopyAccuracy,
    int Harvested, int TransferSetSize, int TestHarvested, long Queries, bool HarvestComplete, string? HarvestStopped,
    double[] NewAccuracyCurve, int[] NewAccuracyCurveEpochs, double Seconds);

/// <summary>
/// Moves what an old board learned onto a new one, as behaviour:
///  1. harvest — the old board answers every transfer stimulus (and the test split, to measure it), and each
///     answer goes into the harvest cache as it arrives; a board that dies or drops the line ends the harvest
///     cleanly, and a rerun asks only for what the cache lacks; the old weights and model settings are kept too;
///  2. naive copy — the old weights put on the new board, weight for weight: the baseline that fails on
///     different hardware;
///  3. distil — a fresh model of the same settings on the new board learns the cached soft answers at
///     temperature T by its own on-device learning (labels are used only to report accuracy).
/// </summary>
public static class TransferRun
{
    /// <summary>Cache indices of test-split records start here (transfer stimuli are 0..N−1).</summary>
    public const int TestIndexBase = 1 << 24;
    private const string ConfigNotePrefix = "edge-config:";
    private const int HarvestChunk = 64;
    /// <summary>
    /// Most test-split evaluations of the new board during distillation: each is 500 digits over a real board's
    /// wire, so 480 epochs are measured every 8th (and at the last).
    /// </summary>
    public const int CurvePoints = 60;

    /// <summary>Whether the new board's test accuracy is measured after <paramref name="epoch"/> (0-based): every k-th epoch, and the last.</summary>
    public static bool MeasuresAfter(int epoch, int epochs)
    {
        int every = Math.Max(1, (epochs + CurvePoints - 1) / CurvePoints);
        return (epoch + 1) % every == 0 || epoch == epochs - 1;
    }

    public static string WeightsPath(string cachePath) => cachePath + ".weights";

    public static TransferReport Run(TransferPlan plan, Action<string> say, Action<int, double>? onEpoch = null,
                                     Action<string, long, long>? progress = null)
    {
        var watch = Stopwatch.StartNew();
        Dataset data = plan.Data;
        int classes = data.ClassCount;
        using var cache = HarvestCache.Open(plan.CachePath, Fingerprint(plan), classes);
        if (cache.DiscardedTailBytes > 0) say($"harvest cache {plan.CachePath}: dropped a torn last record ({cache.DiscardedTailBytes} bytes)");

        // 1. harvest
        (long queries, string? stopped) = Harvest(plan, cache, say, progress);
        int harvested = Enumerable.Range(0, plan.TransferSet.Length).Count(cache.Contains);
        int testHarvested = Enumerable.Range(0, data.TestCount).Count(i => cache.Contains(TestIndexBase + i));
        bool complete = harvested == plan.TransferSet.Length && testHarvested == data.TestCount;
        if (harvested == 0) throw new CliException($"nothing harvested from {plan.From}{(stopped != null ? ": " + stopped : "")}: there is nothing to transfer");
        int[] testIdx = Enumerable.Range(0, data.TestCount).Where(i => cache.Contains(TestIndexBase + i)).ToArray();
        int[][] oldTest = testIdx.Select(i => cache.Records[TestIndexBase + i]).ToArray();
        double? oldAccuracy = testIdx.Length == 0 ? null : BoardOps.Accuracy(oldTest, testIdx.Select(i => data.TestLabels[i]).ToArray());

        WeightsFile old = File.Exists(WeightsPath(plan.CachePath))
            ? WeightsFile.Load(WeightsPath(plan.CachePath))
            : throw new CliException($"the old model's settings were never read from {plan.From} (no {WeightsPath(plan.CachePath)}): cannot build the new model");
        ModelConfig config = ConfigFromNote(old.Note) ?? throw new CliException($"{WeightsPath(plan.CachePath)} carries no model settings");

        using BoardSession session = BoardSession.Open(plan.To, plan.ToFlashDirectory, plan.Timeout, plan.Login);
        if (session.Hello.ChannelCount != config.InputCount)
            throw new CliException($"the old model reads {config.InputCount} channels but {plan.To} has {session.Hello.ChannelCount}");
        var encoder = new StimulusEncoder(session.Hello.ChannelCount, data.FeatureCount, session.NominalFullScaleMicrovolts);
        session.Client.StimulusStepMicrovolts = encoder.StepMicrovolts;
        int[][] testStimuli = encoder.EncodeAll(data.TestFeatures);

        // 2. naive copy
        session.Call(() => session.Client.Configure(config));
        session.Call(() => session.Client.PutWeights(old.Weights));
        double naive = BoardOps.Accuracy(BoardOps.Infer(session, testStimuli), data.TestLabels);
        say($"naive copy of the old weights on {plan.To}: {naive:F2} % test accuracy");

        // 3. distil: a fresh model of the same settings learns the harvested soft targets
        session.Call(() => session.Client.Configure(config));
        int[] transferIdx = Enumerable.Range(0, plan.TransferSet.Length).Where(cache.Contains).ToArray();
        int[][] stimuli = encoder.EncodeAll(transferIdx.Select(i => plan.TransferSet[i]).ToArray());
        int[][] teacher = transferIdx.Select(i => cache.Records[i]).ToArray();
        int temperature = BoardOps.ToQ16(plan.Temperature);
        var shuffle = new Pcg32(plan.Seed, 3);
        var curve = new List<double>();
        var curveEpochs = new List<int>();
        long total = (long)plan.Epochs * stimuli.Length;
        for (int epoch = 0; epoch < plan.Epochs; epoch++)
        {
            BoardOps.SetDistillationRates(session, config, epoch, plan.Epochs);
            long before = (long)epoch * stimuli.Length;
            BoardOps.TrainSoftEpoch(session, stimuli, teacher, temperature, null, 0, shuffle,
                done => progress?.Invoke($"distilling into {plan.To}, epoch {epoch + 1}/{plan.Epochs}", before + done, total));
            if (!MeasuresAfter(epoch, plan.Epochs)) continue;
            double accuracy = BoardOps.Accuracy(BoardOps.Infer(session, testStimuli), data.TestLabels);
            curve.Add(accuracy);
            curveEpochs.Add(epoch + 1);
            onEpoch?.Invoke(epoch, accuracy);
        }
        BoardOps.RestoreRates(session, config);
        session.Call(session.Client.Save);
        int[][] newTest = BoardOps.Infer(session, testStimuli);
        double newAccuracy = BoardOps.Accuracy(newTest, data.TestLabels);
        session.Note(new Fleet.BoardNote
        {
            TestAccuracy = Math.Round(newAccuracy, 2), Data = data.Name,
            Model = $"{string.Join('-', config.CopySizes())} {LearningAlgorithm.Name(config.Algorithm)}, distilled from {plan.From} on {data.Name}",
        });
        double? agreement = testIdx.Length == 0 ? null : BoardOps.Agreement(testIdx.Select(i => newTest[i]).ToArray(), oldTest);
        return new TransferReport(oldAccuracy, newAccuracy, agreement, naive, harvested, plan.TransferSet.Length, testHarvested,
            queries, complete, stopped, curve.ToArray(), curveEpochs.ToArray(), watch.Elapsed.TotalSeconds);
    }

    /// <summary>
    /// Asks the old board for every record the cache lacks; returns the stimuli sent and, if the harvest had to
    /// stop, why. Never throws for a dead or silent board: what was harvested stays.
    /// </summary>
    private static (long Queries, string? Stopped) Harvest(TransferPlan plan, HarvestCache cache, Action<string> say,
                                                          Action<string, long, long>? progress)
    {
        var wanted = new List<(int Index, float[] Features)>();
        for (int i = 0; i < plan.TransferSet.Length; i++)
            if (!cache.Contains(i)) wanted.Add((i, plan.TransferSet[i]));
        for (int i = 0; i < plan.Data.TestCount; i++)
            if (!cache.Contains(TestIndexBase + i)) wanted.Add((TestIndexBase + i, plan.Data.TestFeatures[i]));
        bool needWeights = !File.Exists(WeightsPath(plan.CachePath));
        if (wanted.Count == 0 && !needWeights)
        {
            say($"harvest cache {plan.CachePath} is complete ({cache.Count} records): {plan.From} is not asked again");
            return (0, null);
        }

        long queries = 0;
        BoardSession? session = null;
        try
        {
            session = BoardSession.Open(plan.From, plan.FromFlashDirectory, plan.Timeout, plan.Login);
            if (needWeights) SaveOldModel(session, plan);
            var encoder = new StimulusEncoder(session.Hello.ChannelCount, plan.Data.FeatureCount, session.NominalFullScaleMicrovolts);
            session.Client.StimulusStepMicrovolts = encoder.StepMicrovolts;
            var stimulus = new int[HarvestChunk][];
            for (int first = 0; first < wanted.Count; first += HarvestChunk)
            {
                int count = Math.Min(HarvestChunk, wanted.Count - first);
                var batch = new int[count][];
                for (int k = 0; k < count; k++)
                {
                    batch[k] = new int[encoder.Channels];
                    encoder.Encode(wanted[first + k].Features, batch[k]);
                }
                queries += count;
                int[][] logits = session.Call(() => session.Client.InferBatch(batch));
                for (int k = 0; k < count; k++) cache.Append(wanted[first + k].Index, logits[k]);
                progress?.Invoke($"harvesting {plan.From}", first + count, wanted.Count);
            }
            return (queries, null);
        }
        catch (CliException e)
        {
            string why = $"the harvest stopped: {e.Message}; kept {cache.Count} records in {plan.CachePath} (run the same command again to resume)";
            say(why);
            return (queries, why);
        }
        finally
        {
            session?.Dispose();
        }
    }

    /// <summary>Keeps the old weights and model settings beside the cache: the naive-copy baseline and the new model's recipe.</summary>
    private static void SaveOldModel(BoardSession session, TransferPlan plan)
    {
        var model = session.RequireModel();
        short[] weights = session.Call(session.Client.GetWeights);
        new WeightsFile(model.Config.CopySizes(), weights, ConfigNote(model.Config)).Save(WeightsPath(plan.CachePath));
    }

    private static string ConfigNote(ModelConfig config)
    {
        var bytes = new byte[ConfigCodec.Length(config.LayerCount)];
        var writer = new BodyWriter(bytes, 0, bytes.Length);
        if (!ConfigCodec.Write(writer, config)) throw new InvalidOperationException("model settings do not encode");
        return ConfigNotePrefix + Convert.ToBase64String(bytes, 0, writer.Length);
    }

    private static ModelConfig? ConfigFromNote(string note)
    {
        if (!note.StartsWith(ConfigNotePrefix, StringComparison.Ordinal)) return null;
        byte[] bytes;
        try { bytes = Convert.FromBase64String(note[ConfigNotePrefix.Length..]); }
        catch (FormatException) { return null; }
        var config = new ModelConfig();
        var reader = new BodyReader(bytes, 0, bytes.Length);
        return ConfigCodec.Read(reader, config) && config.Validate() == null ? config : null;
    }

    /// <summary>Fingerprint of the stimuli the cache holds answers to: the transfer set, then the test split.</summary>
    private static uint Fingerprint(TransferPlan plan) =>
        HarvestCache.Fingerprint(plan.TransferSet.Concat(plan.Data.TestFeatures).ToArray());
}
