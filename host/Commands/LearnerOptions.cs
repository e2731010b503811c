using Edge.Core.Learning;
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
        OptionSpec.Value("extra-bits", "N", "bits kept below each weight's LSB: 16 (int32 masters), 8, 4, 2 or 0 (stochastic rounding)", "16"),
    ];

    /// <summary>The defaults <paramref name="d"/> with every learner option given on the command line applied.</summary>
    public static LearnSettings Apply(ParsedOptions o, LearnSettings d)
    {
        LearnerSettings l = d.Learner.Clone();
        l.Directions = o.GetInt("k", l.Directions);
        l.Groups = o.GetInt("groups", l.Groups);
        double sigma = o.GetDouble("sigma", d.Sigma);
        double hiddenRate = o.GetDouble("lr-hidden", d.HiddenLearningRate);
        double outputRate = o.GetDouble("lr-output", d.OutputLearningRate);
        l.BatchSize = o.GetInt("batch", l.BatchSize);
        l.ActiveOnly = (l.ActiveOnly || o.HasFlag("active-only")) && !o.HasFlag("all-units");
        l.CentralDifferences = o.HasFlag("central");
        l.ExtraWeightBits = o.GetInt("extra-bits", l.ExtraWeightBits);
        l.StepControl = o.GetStringOrNull("step-control") switch
        {
            null => l.StepControl,
            "on" => true,
            "off" => false,
            string other => throw new UsageException($"unknown --step-control '{other}': use on or off"),
        };
        return d with { Learner = l, Sigma = sigma, HiddenLearningRate = hiddenRate, OutputLearningRate = outputRate };
    }
}
