using Edge.Core.Learning;
using Edge.Core.Storage;
using Edge.Host.Cli;
using Edge.Host.Learn;

namespace Edge.Host.Commands;

/// <summary>The learner options `edge bench learn` and `edge flash` share, and how they override a data set's defaults.</summary>
public static class LearnerOptions
{
    public static readonly IReadOnlyList<OptionSpec> Specs =
    [
        OptionSpec.Value("k", "K", "random directions per sample"),
        OptionSpec.Value("groups", "G", "groups of hidden units, one perturbed pass each"),
        OptionSpec.Value("sigma", "X", "perturbation size"),
        OptionSpec.Value("lr-hidden", "X", "learning rate of hidden layers"),
        OptionSpec.Value("lr-output", "X", "learning rate of the output layer"),
        OptionSpec.Value("batch", "N", "mini-batch size"),
        OptionSpec.Flag("active-only", "perturb only units active on the sample"),
        OptionSpec.Flag("all-units", "perturb every hidden unit, active or not (turns --active-only off)"),
        OptionSpec.Flag("central", "central differences instead of forward differences"),
        OptionSpec.Value("step-control", "on|off", "normalise every unit's steps by the running RMS of its estimates (default on, but for wp)"),
        OptionSpec.Flag("centred-steps", "step each hidden layer along its input minus the input's running mean (off by default; docs/learning.md)"),
        OptionSpec.Value("extra-bits", "N", "bits kept below each weight's LSB: 16 (int32 masters), 8, 4, 2 or 0 (stochastic rounding)", "16"),
    ];

    /// <summary>The defaults <paramref name="d"/> with every learner option given on the command line applied.</summary>
    public static LearnSettings Apply(ParsedOptions o, LearnSettings d)
    {
        LearnerSettings l = d.Learner.Clone();
        l.Directions = o.GetInt("k", l.Directions);
        l.Groups = o.GetInt("groups", l.Groups);
        l.SigmaQ16 = ToQ16(o, "sigma", l.SigmaQ16, 4, zeroAllowed: false);
        bool backprop = d.Algorithm == LearningAlgorithm.Backprop;
        if (!backprop)
        {
            l.HiddenLearningRateQ16 = ToQ16(o, "lr-hidden", l.HiddenLearningRateQ16, 16, zeroAllowed: true);
            l.OutputLearningRateQ16 = ToQ16(o, "lr-output", l.OutputLearningRateQ16, 16, zeroAllowed: true);
        }
        l.BatchSize = o.GetInt("batch", l.BatchSize);
        l.ActiveOnly = (l.ActiveOnly || o.HasFlag("active-only")) && !o.HasFlag("all-units");
        l.CentralDifferences = o.HasFlag("central");
        l.CentredSteps = l.CentredSteps || o.HasFlag("centred-steps");
        l.ExtraWeightBits = o.GetInt("extra-bits", l.ExtraWeightBits);
        l.StepControl = o.GetStringOrNull("step-control") switch
        {
            null => l.StepControl,
            "on" => true,
            "off" => false,
            string other => throw new UsageException($"unknown --step-control '{other}': use on or off"),
        };
        // Float backprop has one step size of its own: --lr-hidden sets it.
        double backpropRate = backprop ? o.GetDouble("lr-hidden", d.BackpropRate) : d.BackpropRate;
        if (!(backpropRate > 0) || backpropRate > 16) throw new UsageException("--lr-hidden must be in (0, 16] for bp");
        return d with { Learner = l, BackpropRate = backpropRate };
    }

    /// <summary>
    /// The Q15.16 of option <paramref name="name"/>'s real value, checked to lie in [0, <paramref name="max"/>]
    /// ((0, max] unless <paramref name="zeroAllowed"/>) and not to round to nothing; <paramref name="fallback"/> when the
    /// option is absent.
    /// </summary>
    private static int ToQ16(ParsedOptions o, string name, int fallback, double max, bool zeroAllowed)
    {
        if (!o.IsGiven(name)) return fallback;
        double value = o.GetDouble(name);
        if (!(value >= 0) || value > max || (!zeroAllowed && value == 0))
            throw new UsageException($"--{name} must be in {(zeroAllowed ? "[" : "(")}0, {max}]");
        int q16 = LearnerSettings.ToQ16(value);
        if (value > 0 && q16 == 0) throw new UsageException($"--{name} {value} is below the smallest Q15.16 step (1/65536)");
        return q16;
    }

    /// <summary>A Q15.16 setting as a report shows it: the shortest decimal that converts back to it (0.1, not 0.10001).</summary>
    public static double Real(int q16)
    {
        double exact = LearnerSettings.FromQ16(q16);
        for (int decimals = 1; decimals < 6; decimals++)
        {
            double shorter = Math.Round(exact, decimals);
            if (LearnerSettings.ToQ16(shorter) == q16) return shorter;
        }
        return Math.Round(exact, 6);
    }
}
