using System.Diagnostics;
using Edge.Core.Numerics;
using Edge.Core.Protocol;
using Edge.Core.Storage;
using Edge.Firmware;
using Edge.Host.Boards;
using Edge.Host.Cli;
using Edge.Host.Data;
using Edge.Host.Files;
using Edge.Host.Stimuli;
using Edge.Host.Targets;

namespace Edge.Host.Transfer;

/// <summary>What `edge transfer` is asked to do.</summary>
/// <param name="Epochs">The most distillation epochs (null: <see cref="DistillationDefaults.EpochCeiling"/>).</param>
/// <param name="Force">Go on with a cache harvested from another board, model or transfer set.</param>
/// <param name="Queries">The most transfer stimuli the old board is asked about, those the cache holds included
/// (null: <see cref="DistillationDefaults.Queries"/> for the old model).</param>
/// <param name="MeasureOld">Also ask the old board the test split (to report its accuracy and the agreement there).</param>
/// <param name="CurvePoints">How often at most the new board's test accuracy is measured during distillation (0: only at the end).</param>
/// <param name="FreshModel">Distil into a fresh model of the old settings, not into the naive copy of the old weights.</param>
/// <param name="Patience">Epochs without a gain on the held-out answers before the distillation settles and ends.</param>
public sealed record TransferPlan(
    string From, string To, Dataset Data, float[][] TransferSet, string CachePath,
    double Temperature, int? Epochs, ulong Seed, TimeSpan Timeout,
    string? FromFlashDirectory = null, string? ToFlashDirectory = null, bool Force = false, Fleet.MqttLogin? Login = null,
    int? Queries = null, bool MeasureOld = false, int CurvePoints = 0, QueryStrategy Selection = QueryStrategy.ProxySpread,
    bool FreshModel = false, int Patience = DistillationDefaults.Patience)
{
    /// <summary>The question budget for an old model of <paramref name="config"/>.</summary>
    public int QueryBudget(ModelConfig config) =>
        Math.Min(TransferSet.Length, Queries ?? DistillationDefaults.Queries((int)Math.Min(int.MaxValue, config.ParameterCount), config.OutputCount, TransferSet.Length));
}

/// <summary>The questions a harvest asked the old board: transfer stimuli, test stimuli, and why it stopped (null: it did not).</summary>
public sealed record HarvestQuestions(long Transfer, long Test, string? Stopped);

/// <summary>What a transfer measured.</summary>
/// <param name="Queries">Transfer stimuli the old board was asked about in this run.</param>
/// <param name="TestQueries">Test stimuli it was asked about in this run (<see cref="TransferPlan.MeasureOld"/>).</param>
/// <param name="Wire">What both boards' conversations cost on the wire.</param>
public sealed record TransferReport(
    double? OldAccuracy, double NewAccuracy, double? Agreement, double? NaiveCopyAccuracy,
    int Harvested, int TransferSetSize, int TestHarvested, long Queries, long TestQueries, int QueryBudget, bool HarvestComplete, string? HarvestStopped,
    double[] NewAccuracyCurve, int[] NewAccuracyCurveEpochs, DistillationOutcome Distillation, double Seconds, WireCost Wire);

/// <summary>
/// Moves what an old board learned onto a new one, as behaviour:
///  1. harvest — the old board answers the transfer stimuli the question budget allows, chosen by
///     <see cref="QuerySelection"/> (and the test split, when asked to measure it); each answer goes into the harvest
///     cache as it arrives; a board that dies or drops the line ends the harvest cleanly, and a rerun asks only for
///     what the cache lacks (its records count against the budget); the old weights and model settings are kept
///     beside the cache (<see cref="WeightsPath"/>). The cache records which board, model and transfer set it
///     answers, and a rerun against another is refused unless forced;
///  2. naive copy — the old weights put on the new board, weight for weight: the baseline that fails on
///     different hardware;
///  3. distil — the naive copy (or, with <see cref="TransferPlan.FreshModel"/>, a fresh model of the same settings)
///     learns the cached soft answers at temperature T by the new board's own on-device learning, for as long as
///     its agreement with a held-out part of them rises (<see cref="Distillation"/>; labels are used only to report
///     accuracy).
/// Cancellation stops it between two board calls: the cache holds every answer received, the new board's flash
/// what it held before (it is saved only at the end).
/// </summary>
public static class TransferRun
{
    /// <summary>Cache indices of test-split records start here (transfer stimuli are 0..N−1).</summary>
    public const int TestIndexBase = HarvestCache.TestIndexBase;
    private const string ConfigNotePrefix = "edge-config:";   // earlier edges' kept weights files: read only
    private const int HarvestChunk = 64;

    /// <summary>Whether the new board's test accuracy is measured after <paramref name="epoch"/> (1-based) of at most <paramref name="epochs"/>: every k-th, at most <paramref name="points"/> times.</summary>
    public static bool MeasuresAfter(int epoch, int epochs, int points)
    {
        int every = Math.Max(1, (epochs + points - 1) / Math.Max(1, points));
        return points > 0 && epoch % every == 0;
    }

    /// <summary>The file beside the cache that keeps the old model's weights and settings (the naive copy, the new model's recipe).</summary>
    public static string WeightsPath(string cachePath) => cachePath + ".weights";

    /// <param name="onCurve">Each test-accuracy measurement of the new board during distillation (epoch, accuracy).</param>
    public static TransferReport Run(TransferPlan plan, Action<string> say, Action<int, double>? onCurve = null,
                                     Action<string, long, long>? progress = null, CancellationToken cancellation = default)
    {
        var watch = Stopwatch.StartNew();
        Dataset data = plan.Data;
        RefuseSameBoard(plan);
        var set = HarvestSet.Of(data.Name, plan.TransferSet, data.TestFeatures);

        // 1. harvest
        WeightsFile old;
        HarvestQuestions asked;
        HarvestHeader harvested;
        Dictionary<int, int[]> records;
        WireCost oldWire;
        using (OldBoard oldBoard = OldBoard.Reach(plan, say))
        using (HarvestCache cache = OpenCache(plan, set, oldBoard, say))
        {
            asked = Harvest(plan, cache, oldBoard, say, progress, cancellation);
            old = OldModel(plan, cache.Header, oldBoard, say);
            harvested = cache.Header;
            records = new Dictionary<int, int[]>(cache.Records);
            oldWire = oldBoard.Session is { } oldSession ? WireCost.Of(oldSession.Client) : WireCost.None;
        }
        ModelConfig config = KeptSettings(old) ?? throw new CliException($"{WeightsPath(plan.CachePath)} carries no model settings");
        int budget = plan.QueryBudget(config);
        int[] transferIdx = Enumerable.Range(0, plan.TransferSet.Length).Where(records.ContainsKey).ToArray();
        int transferCount = transferIdx.Length;
        int testHarvested = Enumerable.Range(0, data.TestCount).Count(i => records.ContainsKey(TestIndexBase + i));
        bool complete = transferCount >= budget && (!plan.MeasureOld || testHarvested == data.TestCount);
        if (transferCount == 0) throw new CliException($"nothing harvested from {plan.From}{(asked.Stopped != null ? ": " + asked.Stopped : "")}: there is nothing to transfer");
        int[] testIdx = Enumerable.Range(0, data.TestCount).Where(i => records.ContainsKey(TestIndexBase + i)).ToArray();
        int[][] oldTest = testIdx.Select(i => records[TestIndexBase + i]).ToArray();
        double? oldAccuracy = testIdx.Length == 0 ? null : BatchedBoardCalls.Accuracy(oldTest, testIdx.Select(i => data.TestLabels[i]).ToArray());

        using BoardSession session = BoardSession.Open(plan.To, plan.ToFlashDirectory, plan.Timeout, plan.Login);
        session.Warn = say;
        if (harvested.Board.SameBoardAs(session.Hello.Profile, session.Hello.Serial))
            throw new CliException($"--to {plan.To} is {session.Hello.Profile}#{session.Hello.Serial}, the board the harvest came from: a transfer needs another board (nothing was changed on it)");
        if (session.Hello.ChannelCount != config.InputCount)
            throw new CliException($"the old model reads {config.InputCount} channels but {plan.To} has {session.Hello.ChannelCount}");
        var encoder = new StimulusEncoder(session.Hello.ChannelCount, data.FeatureCount, session.NominalFullScaleMicrovolts);
        session.Client.StimulusStepMicrovolts = encoder.StepMicrovolts;
        int[][] testStimuli = encoder.EncodeAll(data.TestFeatures);

        // 2. naive copy
        session.Call(() => session.Client.Configure(config));
        session.Call(() => session.Client.PutWeights(old.Weights, old.WeightExponents));
        double naive = BatchedBoardCalls.Accuracy(BatchedBoardCalls.Infer(session, testStimuli, cancellation), data.TestLabels);
        say($"naive copy of the old weights on {plan.To}: {naive:F2} % test accuracy");

        // 3. distil: the naive copy (or a fresh model of the same settings) learns the harvested soft targets
        if (plan.FreshModel) session.Call(() => session.Client.Configure(config));
        var (trainIdx, heldIdx) = HeldOut.Split(transferIdx);
        SoftTargets Targets(int[] idx) => new(encoder.EncodeAll(idx.Select(i => plan.TransferSet[i]).ToArray()), idx.Select(i => records[i]).ToArray());
        int ceiling = plan.Epochs ?? DistillationDefaults.EpochCeiling(Learn.DataShape.Of(data), trainIdx.Length, fromOldWeights: !plan.FreshModel);
        var curve = new List<double>();
        var curveEpochs = new List<int>();
        DistillationOutcome outcome = Distillation.Run(session, config, Targets(trainIdx), Targets(heldIdx), BatchedBoardCalls.ToQ16(plan.Temperature), 0,
            ceiling, plan.Patience, new Pcg32(plan.Seed, 3),
            epoch =>
            {
                if (!MeasuresAfter(epoch, ceiling, plan.CurvePoints)) return;
                double accuracy = BatchedBoardCalls.Accuracy(BatchedBoardCalls.Infer(session, testStimuli, cancellation), data.TestLabels);
                curve.Add(accuracy);
                curveEpochs.Add(epoch);
                onCurve?.Invoke(epoch, accuracy);
            },
            (epoch, done, total) => progress?.Invoke($"distilling into {plan.To}, epoch {epoch} (at most {ceiling})", done, total), cancellation);
        session.Call(session.Client.Save);
        int[][] newTest = BatchedBoardCalls.Infer(session, testStimuli);
        double newAccuracy = BatchedBoardCalls.Accuracy(newTest, data.TestLabels);
        session.Note(new Fleet.BoardNote
        {
            TestAccuracy = Math.Round(newAccuracy, 2), Data = data.Name,
            Model = $"{string.Join('-', config.CopySizes())} {LearningAlgorithm.Name(config.Algorithm)}, distilled from {plan.From} on {data.Name}",
        });
        double? agreement = testIdx.Length == 0 ? null : BatchedBoardCalls.Agreement(testIdx.Select(i => newTest[i]).ToArray(), oldTest);
        return new TransferReport(oldAccuracy, newAccuracy, agreement, naive, transferCount, plan.TransferSet.Length, testHarvested,
            asked.Transfer, asked.Test, budget, complete, asked.Stopped, curve.ToArray(), curveEpochs.ToArray(), outcome, watch.Elapsed.TotalSeconds,
            oldWire + WireCost.Of(session.Client));
    }

    /// <summary>--from and --to must be two boards: the same one would lose its model to its own copy.</summary>
    private static void RefuseSameBoard(TransferPlan plan)
    {
        Target from = Target.Parse(plan.From), to = Target.Parse(plan.To);
        bool same = (from, to) switch
        {
            (SimTarget a, SimTarget b) => a.Serial == b.Serial && TargetConnector.LoadProfile(a.Profile).Name == TargetConnector.LoadProfile(b.Profile).Name,
            (TcpTarget a, TcpTarget b) => a.Port == b.Port && string.Equals(a.Host, b.Host, StringComparison.OrdinalIgnoreCase),
            (SerialTarget a, SerialTarget b) => Path.GetFullPath(a.Device) == Path.GetFullPath(b.Device),
            _ => false,
        };
        if (same) throw new UsageException($"--from and --to name the same board ({plan.From}): a transfer moves what a board learned onto another board");
    }

    /// <summary>
    /// The cache for this transfer: created for the old board if there is none yet, else opened and checked against
    /// the transfer set and the board (refused on a mismatch unless --force); damage found in it is reported.
    /// </summary>
    private static HarvestCache OpenCache(TransferPlan plan, HarvestSet set, OldBoard oldBoard, Action<string> say)
    {
        string path = plan.CachePath;
        if (oldBoard.HasNoModel && !plan.Force)
            throw new CliException($"{oldBoard.NoModel}; there is nothing to transfer from it (--from names the board that learned)");
        if (HarvestCache.IsNew(path))
        {
            if (oldBoard.Identity is not { } identity)
                throw new CliException($"nothing harvested from {plan.From}: {oldBoard.Unreachable ?? "it has no model"}: there is nothing to transfer");
            return HarvestCache.Create(path, new HarvestHeader(plan.Data.ClassCount, set, identity));
        }
        HarvestCache cache = HarvestCache.Open(path);
        try
        {
            HarvestHeader header = cache.Header;
            if (header.ClassCount != plan.Data.ClassCount)
                throw new CliException($"{path} holds answers for {header.ClassCount} classes, but {plan.Data.Name} has {plan.Data.ClassCount}: use another --cache file");
            if (!header.Set.SameAs(set))
                Mismatch(plan, say, $"{path} holds the harvest of {header.Set}, not of {set}");
            if (oldBoard.Identity is { } board)
            {
                if (!header.Board.SameAs(board))
                    Mismatch(plan, say, $"{path} was harvested from {header.Board}, but {plan.From} is {board}");
            }
            else if (oldBoard.HasNoModel)
                Mismatch(plan, say, $"{path} was harvested from {header.Board}, but {plan.From} has no model now");
            else if (Target.Parse(plan.From) is SimTarget sim && !header.Board.SameBoardAs(TargetConnector.LoadProfile(sim.Profile).Name, sim.Serial))
                Mismatch(plan, say, $"{path} was harvested from {header.Board}, not from {plan.From}");
            if (cache.RepairedHeader) say($"harvest cache {path}: one of its two header copies was damaged and has been rewritten from the other");
            if (cache.Damage.Count > 0)
            {
                long records = cache.Damage.Sum(d => (d.Length + HarvestCache.RecordLength(header.ClassCount) - 1) / HarvestCache.RecordLength(header.ClassCount));
                string where = string.Join(", ", cache.Damage.Take(5).Select(d => $"byte {d.Offset:N0} ({d.Length:N0} bytes)"));
                say($"harvest cache {path}: skipped {cache.DamagedBytes:N0} damaged bytes (about {records} record(s)) at {where}{(cache.Damage.Count > 5 ? ", ..." : "")}; " +
                    $"kept {cache.Count} records, the missing ones are asked again if {plan.From} answers");
            }
            return cache;
        }
        catch
        {
            cache.Dispose();
            throw;
        }
    }

    /// <summary>A cache that answers for another board or set: refused, or with --force a warning.</summary>
    private static void Mismatch(TransferPlan plan, Action<string> say, string what)
    {
        if (!plan.Force)
            throw new CliException($"{what}: resuming would mix the answers of two models; use another --cache file, or --force to go on with this one");
        say($"{what}; going on as --force asks");
    }

    /// <summary>
    /// Asks the old board for the transfer stimuli the budget still allows (the cache's records count against it;
    /// <see cref="QuerySelection"/> picks which) and, with <see cref="TransferPlan.MeasureOld"/>, for the test split
    /// the cache lacks. Never throws for a dead or silent board: what was harvested stays.
    /// </summary>
    private static HarvestQuestions Harvest(TransferPlan plan, HarvestCache cache, OldBoard oldBoard, Action<string> say,
                                            Action<string, long, long>? progress, CancellationToken cancellation)
    {
        int[] cached = Enumerable.Range(0, plan.TransferSet.Length).Where(cache.Contains).ToArray();
        ModelConfig? config = oldBoard.Config ?? KeptConfig(plan);
        int transferMissing = config == null ? 0 : Math.Max(0, plan.QueryBudget(config) - cached.Length);
        int[] testMissing = plan.MeasureOld ? Enumerable.Range(0, plan.Data.TestCount).Where(i => !cache.Contains(TestIndexBase + i)).ToArray() : [];
        if (config != null && transferMissing + testMissing.Length == 0)
        {
            say($"harvest cache {plan.CachePath} holds all that was asked for ({cache.Count} records): {plan.From} is not asked again");
            return new HarvestQuestions(0, 0, null);
        }
        if (oldBoard.Session is not { } session || oldBoard.HasNoModel || oldBoard.Weights is not { } weights)
        {
            string why = $"the harvest stopped: {oldBoard.Unreachable ?? $"board {plan.From} has no model"}; " +
                         $"kept {cache.Count} records in {plan.CachePath}, {(config == null ? "an unknown number" : transferMissing + testMissing.Length)} are missing (run the same command again to resume)";
            say(why);
            return new HarvestQuestions(0, 0, why);
        }
        var wanted = new List<(int Index, float[] Features)>();
        foreach (int i in QuerySelection.Next(plan.TransferSet, cached, transferMissing, plan.Selection, new OldModelProxy(config!, weights, oldBoard.WeightExponents)))
            wanted.Add((i, plan.TransferSet[i]));
        int transferWanted = wanted.Count;
        foreach (int i in testMissing) wanted.Add((TestIndexBase + i, plan.Data.TestFeatures[i]));

        long queries = 0;
        HarvestQuestions Asked(string? why) => new(Math.Min(queries, transferWanted), Math.Max(0, queries - transferWanted), why);
        try
        {
            var encoder = new StimulusEncoder(session.Hello.ChannelCount, plan.Data.FeatureCount, session.NominalFullScaleMicrovolts);
            session.Client.StimulusStepMicrovolts = encoder.StepMicrovolts;
            for (int first = 0; first < wanted.Count; first += HarvestChunk)
            {
                cancellation.ThrowIfCancellationRequested();
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
            return Asked(null);
        }
        catch (CliException e)
        {
            string why = $"the harvest stopped: {e.Message}; kept {cache.Count} records in {plan.CachePath} (run the same command again to resume)";
            say(why);
            return Asked(why);
        }
    }

    /// <summary>
    /// The old model's weights and settings, kept beside the cache (<see cref="WeightsPath"/>): the naive-copy
    /// baseline and the new model's recipe. Written (or rewritten, if missing or damaged) while the harvested board
    /// answers; otherwise read back and checked against the weights the cache was harvested from.
    /// </summary>
    private static WeightsFile OldModel(TransferPlan plan, HarvestHeader header, OldBoard oldBoard, Action<string> say)
    {
        string path = WeightsPath(plan.CachePath);
        bool fromThisBoard = oldBoard.Identity is { } board && board.SameAs(header.Board);
        WeightsFile? kept = null;
        string? problem = null;
        if (FileKinds.Of(path) == FileKind.Missing) problem = "missing";
        else
        {
            try
            {
                kept = WeightsFile.Load(path);
                if (!HarvestBoard.HashWeights(kept.Weights, kept.WeightExponents).AsSpan().SequenceEqual(header.Board.WeightsHash))
                    problem = $"{path} does not hold the weights {plan.CachePath} was harvested from ({header.Board})";
            }
            catch (Exception e) when (e is InvalidDataException or IOException)
            {
                problem = e.Message;
            }
        }
        if (problem == null) return kept!;
        if (fromThisBoard)
        {
            HarvestBoard identity = oldBoard.Identity!;
            var image = new ModelImageHeader { Serial = identity.Serial, Generation = identity.Generation };
            image.Config.CopyFrom(oldBoard.Config!);   // the settings travel in the image's header
            Edge.Core.Storage.WeightExponents.Unpack(oldBoard.WeightExponents, image.Config.LayerCount, image.WeightExponents);
            var fresh = WeightsFile.Of(image, oldBoard.Weights!, $"{identity.Profile}#{identity.Serial} generation {identity.Generation}: the old model of a transfer");
            fresh.Save(path);
            if (kept != null || problem != "missing") say($"rewrote {path} from {plan.From}: {problem}");
            return fresh;
        }
        if (problem == "missing")
            throw new CliException($"the old model's weights and settings were never read from {plan.From} (no {path}, which a harvest keeps beside its cache): cannot build the new model");
        if (kept != null && plan.Force)
        {
            say($"{problem}; going on as --force asks");
            return kept;
        }
        throw new CliException($"{problem}; it keeps the old model's weights and settings beside the harvest cache, and {plan.From} cannot give them again");
    }

    /// <summary>The old model's settings from the weights file kept beside the cache (null: none there, or unreadable).</summary>
    private static ModelConfig? KeptConfig(TransferPlan plan)
    {
        try
        {
            return FileKinds.Of(WeightsPath(plan.CachePath)) == FileKind.Regular ? KeptSettings(WeightsFile.Load(WeightsPath(plan.CachePath))) : null;
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>
    /// A new copy of the settings kept with the old weights: a model image's header, or (a weights file an earlier
    /// edge kept) the config block in its note; null when there are none.
    /// </summary>
    private static ModelConfig? KeptSettings(WeightsFile kept)
    {
        return kept.Config == null ? ConfigFromNote(kept.Note) : kept.Config.Clone();
    }

    /// <summary>The settings an earlier edge kept in a weights file's note (ConfigCodec bytes in base64); still read, no longer written.</summary>
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
}
