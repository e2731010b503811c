using Edge.Host.Boards;
using Edge.Host.Transfer;
using static Edge.Tests.Commands.EdgeRunner;

namespace Edge.Tests.Transfer;

/// <summary>Distillation's learning rates on a real (simulated) board: the model's own, decaying to 10 %, then put back.</summary>
public sealed class DistillationRatesTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("edge-rates-").FullName;
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void RatesDecayFromTheModelsOwnToATenth_AndAreRestored()
    {
        Json("flash", "sim:sim-digits#3", "--arch", "64-32-10", "--flash-dir", _dir);
        using BoardSession session = BoardSession.Open("sim:sim-digits#3", _dir, TimeSpan.FromSeconds(10));
        var own = session.RequireModel().Config;
        (int Hidden, int Output) Rates()
        {
            var config = session.RequireModel().Config;
            return (config.Learner.HiddenLearningRateQ16, config.Learner.OutputLearningRateQ16);
        }

        BatchedBoardCalls.ScheduleRates(session, own, 0, 10);
        Assert.Equal((own.Learner.HiddenLearningRateQ16, own.Learner.OutputLearningRateQ16), Rates());

        BatchedBoardCalls.ScheduleRates(session, own, 5, 11);
        Assert.Equal(((int)(own.Learner.HiddenLearningRateQ16 * 0.55), (int)(own.Learner.OutputLearningRateQ16 * 0.55)), Rates());

        BatchedBoardCalls.ScheduleRates(session, own, 9, 10);
        Assert.Equal((own.Learner.HiddenLearningRateQ16 / 10, own.Learner.OutputLearningRateQ16 / 10), Rates());

        BatchedBoardCalls.RestoreRates(session, own);
        Assert.Equal((own.Learner.HiddenLearningRateQ16, own.Learner.OutputLearningRateQ16), Rates());
    }
}
