using static Edge.Tests.Commands.EdgeRunner;

namespace Edge.Tests.Cli;

/// <summary>
/// σ and the rates exist once, as the learner's Q15.16 values: the options write them there, the reports show
/// the shortest decimal that is that value, and a value no Q15.16 can hold is refused instead of becoming 0.
/// </summary>
public sealed class RateOptionTests
{
    [Fact]
    public void TheRatesGiven_AreTheRatesReported()
    {
        var run = Json("bench", "learn", "--data", "digits", "--algo", "ap", "--epochs", "0", "--sigma", "0.02", "--lr-hidden", "0.03", "--lr-output", "0.1");
        Assert.Equal(0.02, run.GetProperty("sigma").GetDouble());
        Assert.Equal(0.03, run.GetProperty("lr_hidden").GetDouble());
        Assert.Equal(0.1, run.GetProperty("lr_output").GetDouble());   // Q15.16 6554 is 0.100006: shown as 0.1
    }

    [Fact]
    public void Backprop_HasItsOwnStepSize_FinerThanQ15_16()
    {
        var run = Json("bench", "learn", "--data", "digits", "--algo", "bp", "--epochs", "0", "--lr-hidden", "0.000001");
        Assert.Equal(0.000001, run.GetProperty("lr_hidden").GetDouble());
    }

    [Theory]
    [InlineData("--lr-hidden", "0.000001", "below the smallest Q15.16 step")]
    [InlineData("--lr-output", "-1", "--lr-output must be in [0, 16]")]
    [InlineData("--sigma", "0", "--sigma must be in (0, 4]")]
    [InlineData("--sigma", "nan", "not a number")]
    public void ARateNoLearnerCanHold_IsOneLineNamingTheOption(string option, string value, string says)
    {
        var (code, line) = Fail("bench", "learn", "--data", "digits", "--algo", "ap", "--epochs", "0", option, value);
        Assert.Equal(2, code);
        Assert.Contains(says, line);
    }
}
