using Edge.Host.Cli;
using Edge.Host.Fleet;

namespace Edge.Host.Commands;

/// <summary>The transfer settings `edge fleet retire` and `edge fleet watch` share, and how they report a retirement.</summary>
internal static class RetirementOptions
{
    public static IReadOnlyList<OptionSpec> Specs { get; } =
    [
        TargetOptions.Data,
        OptionSpec.Value("epochs", "N", "distillation epochs (default: edge transfer's)"),
        OptionSpec.Value("temperature", "T", "softmax temperature of the soft targets (default: edge transfer's)"),
        OptionSpec.Value("cache-dir", "DIR", "folder of the harvest caches (retire-<id>.harvest)", "."),
        TargetOptions.DataDir,
        TargetOptions.Timeout,
    ];

    public static RetirementPlan Plan(ParsedOptions o) => new(o.GetString("data"), o.GetStringOrNull("epochs"), o.GetStringOrNull("temperature"),
        o.GetString("cache-dir"), o.GetString("timeout"),
        [.. MqttOptions.Forward(o), .. o.GetStringOrNull("data-dir") is { } dataDir ? new[] { "--data-dir", dataDir } : []]);

    public static CommandResult Result(string oldId, string spareId, BoardRun run, BoardStatus? spare) => new CommandResult()
        .Add("from", oldId)
        .Add("to", spareId)
        .Add("old_accuracy", run.Number("old_accuracy"))
        .Add("new_accuracy", run.Number("new_accuracy"))
        .Add("accuracy_ratio", run.Number("accuracy_ratio"))
        .Add("agreement", run.Number("agreement"))
        .Add("harvest_complete", run.Result is { } r && r.TryGetProperty("harvest_complete", out var h) && h.ValueKind == System.Text.Json.JsonValueKind.True)
        .Add("seconds", Math.Round(run.Elapsed.TotalSeconds, 2))
        .Add("spare_model", spare?.Model);
}
