namespace Edge.Host.Learn;

/// <summary>
/// Settings that work out of the box for each data set and algorithm, so that
/// `edge bench learn --data digits --algo ap` alone gives a good result. Every value can be
/// overridden on the command line; docs/learning.md records how they were chosen.
/// </summary>
public static class LearnDefaults
{
    /// <summary>
    /// Passes over the transfer set when a board distils soft targets (`edge distill`, `edge transfer`, the demo's
    /// board B). On digits a 64-32-10 board still gains agreement with its teacher well past bench learn's 60
    /// epochs (docs/transfer.md: 60 → 480 epochs moved the sim-digits#1 → #2 transfer from 95.2 to 95.8 %), at
    /// under 10 s on a simulated board. Other data sets keep bench learn's epochs (fashion14: ratio 0.994 at 30).
    /// </summary>
    public static int DistillationEpochs(string data) =>
        data.Equals("digits", StringComparison.OrdinalIgnoreCase) ? 480 : For(data, Algorithm.ActivityPerturbation).Epochs;

    public static LearnSettings For(string data, Algorithm algorithm)
    {
        bool fashion = data.Equals("fashion14", StringComparison.OrdinalIgnoreCase);
        var settings = new LearnSettings
        {
            Data = data,
            Algorithm = algorithm,
            Hidden = fashion ? [128] : [32],
            Epochs = fashion ? 30 : 60,
            BatchSize = 16,
        };
        return algorithm switch
        {
            Algorithm.Backprop => settings with { HiddenLearningRate = 0.1, OutputLearningRate = 0.1, LinearDecay = fashion },
            Algorithm.ReadoutOnly => settings with { OutputLearningRate = fashion ? 0.3 : 0.1 },
            Algorithm.WeightPerturbation => settings with { Sigma = 0.01, HiddenLearningRate = 0.01, OutputLearningRate = 0.1 },
            // Local losses make every perturbed pass cheap (only a readout head above the layer), so
            // every unit gets its own pass: coordinate-wise differences, no cross-talk between units.
            Algorithm.ActivityPerturbationLocal when fashion => settings with { Groups = 128, Sigma = 0.01, HiddenLearningRate = 0.02, OutputLearningRate = 0.3, ActiveOnly = true, LinearDecay = true },
            Algorithm.ActivityPerturbationLocal => settings with { Groups = 32, Sigma = 0.05, HiddenLearningRate = 0.03, OutputLearningRate = 0.1 },
            _ when fashion => settings with { Groups = 8, Sigma = 0.01, HiddenLearningRate = 0.02, OutputLearningRate = 0.3, ActiveOnly = true, LinearDecay = true },
            _ => settings with { Groups = 4, Sigma = 0.05, HiddenLearningRate = 0.03, OutputLearningRate = 0.1 },
        };
    }
}
