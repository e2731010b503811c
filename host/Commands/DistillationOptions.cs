using Edge.Host.Cli;
using Edge.Host.Transfer;

namespace Edge.Host.Commands;

/// <summary>The distillation options `edge transfer` and `edge distill` share.</summary>
internal static class DistillationOptions
{
    public static OptionSpec Patience { get; } = OptionSpec.Value("patience", "N",
        "epochs without a gain in held-out agreement before the rates settle and the distillation ends",
        DistillationDefaults.Patience.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public static int GetPatience(ParsedOptions o)
    {
        int patience = o.GetInt("patience");
        if (patience < 1) throw new UsageException("--patience must be at least 1");
        return patience;
    }
}
