using Edge.Host.Cli;
using Edge.Host.Perf;

namespace Edge.Host.Commands;

/// <summary>`edge bench step`: the time of one training sample against one forward pass, and the learner's memory.</summary>
public sealed class BenchStepCommand : Command
{
    public override string Name => "bench step";
    public override string Summary => "time one training step on a board";
    public override string Description =>
        "For the digits (64-32-10) and Fashion (196-128-10) networks, on random inputs (no data set " +
        "needed): one clean forward pass, one training sample of the activity-perturbation learner a user " +
        "gets by default (or with --groups, --k) and one weight-perturbation sample, with the host's " +
        "bit-identical accelerated kernels and with the portable ones; step_over_forward = AP step / " +
        "forward. Also the exact state bytes of the AP learner for each --extra-bits setting and the " +
        "multiply-accumulates per inference and per AP step, as the learner counts them. Top-level " +
        "fields are the Fashion network's.";

    public override IReadOnlyList<OptionSpec> Options =>
    [
        OptionSpec.Value("groups", "G", "groups of hidden units (one perturbed loss each) in the timed AP step (default: the learner's)"),
        OptionSpec.Value("k", "K", "random directions per sample in the timed steps", "1"),
        OptionSpec.Value("seconds", "S", "timed seconds per figure (after a 0.25 s warm-up)", "0.5"),
    ];

    public override int Run(CommandContext context)
    {
        var o = context.Options;
        int? groups = o.IsGiven("groups") ? o.GetInt("groups") : null;
        int k = o.GetInt("k", 1);
        double seconds = o.GetDouble("seconds", 0.5);
        if (groups < 1) throw new UsageException("--groups must be at least 1");
        if (k < 1) throw new UsageException("--k must be at least 1");
        if (!(seconds > 0) || seconds > 60) throw new UsageException("--seconds must be in (0, 60]");

        var nets = new List<StepTimes>();
        using (var progress = context.StartProgress("steps", 2))
        {
            foreach (var (data, shape) in StepBenchmark.Networks)
            {
                context.Cancellation.ThrowIfCancellationRequested();
                nets.Add(StepBenchmark.Measure(data, shape, groups, k, seconds));
                progress.Report(nets.Count, data);
            }
        }
        StepTimes fashion = nets[1];
        CommandResult result = ToResult(fashion)
            .Add("processors", Environment.ProcessorCount)
            .Add("nets", nets.Select(ToResult).ToArray());
        context.Write(result);
        return 0;
    }

    private static CommandResult ToResult(StepTimes t)
    {
        var stateBytes = new CommandResult();
        foreach (var (bits, bytes) in t.ApStateBytesByExtraBits) stateBytes.Add(bits.ToString(System.Globalization.CultureInfo.InvariantCulture), bytes);
        return new CommandResult()
            .Add("data", t.Data)
            .Add("arch", string.Join('-', t.Sizes))
            .Add("k", t.Directions)
            .Add("groups", t.Groups)
            .Add("forward_seconds", Sig(t.ForwardSeconds))
            .Add("ap_step_seconds", Sig(t.ApStepSeconds))
            .Add("step_over_forward", Math.Round(t.StepOverForward, 2))
            .Add("best_step_over_forward", Math.Round(t.BestStepOverForward, 2))
            .Add("wp_step_seconds", Sig(t.WpStepSeconds))
            .Add("wp_step_over_forward", Math.Round(t.WpStepOverForward, 2))
            .Add("portable_forward_seconds", Sig(t.PortableForwardSeconds))
            .Add("portable_ap_step_seconds", Sig(t.PortableApStepSeconds))
            .Add("portable_step_over_forward", Math.Round(t.PortableStepOverForward, 2))
            .Add("state_bytes", t.ApStateBytesByExtraBits[16])
            .Add("state_bytes_extra_bits_4", t.ApStateBytesByExtraBits[4])
            .Add("state_bytes_by_extra_bits", stateBytes)
            .Add("network_state_bytes", t.NetworkStateBytes)
            .Add("parameters", t.ParameterCount)
            .Add("macs_per_inference", t.MacsPerInference)
            .Add("macs_per_ap_step", Math.Round(t.MacsPerApStep, 1))
            .Add("load_average", Math.Round(t.LoadAverage, 2));
    }

    /// <summary>Four significant digits.</summary>
    private static double Sig(double seconds) => seconds <= 0 ? seconds : Math.Round(seconds, Math.Max(0, 3 - (int)Math.Floor(Math.Log10(seconds))));
}
