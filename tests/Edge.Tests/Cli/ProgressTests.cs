using Edge.Host.Cli;
using Xunit;

namespace Edge.Tests.Cli;

public class ProgressTests
{
    [Fact]
    public void Disabled_progress_writes_nothing()
    {
        var stderr = new StringWriter();
        using (var progress = new Progress("training", 10, stderr, enabled: false, showAfter: TimeSpan.Zero))
        {
            for (int i = 1; i <= 10; i++) progress.Report(i);
        }
        Assert.Equal("", stderr.ToString());
    }

    [Fact]
    public void Short_work_stays_silent_even_on_a_terminal()
    {
        var stderr = new StringWriter();
        using (var progress = new Progress("training", 10, stderr, enabled: true, showAfter: TimeSpan.FromHours(1)))
        {
            progress.Report(5);
        }
        Assert.Equal("", stderr.ToString());
    }

    [Fact]
    public void Enabled_progress_redraws_one_line_and_ends_it()
    {
        var stderr = new StringWriter();
        using (var progress = new Progress("training", 4, stderr, enabled: true, showAfter: TimeSpan.Zero))
        {
            progress.Report(1, "loss 2.3");
            progress.Report(4, "loss 0.1");
        }
        string text = stderr.ToString();
        Assert.StartsWith("\rtraining [######..................]  25% 1/4 ", text);
        Assert.Contains("loss 2.3", text);
        Assert.EndsWith(Environment.NewLine, text);
        string last = text.TrimEnd().Split('\r')[^1];
        Assert.StartsWith("training [########################] 100% 4/4 ", last);
        Assert.EndsWith("loss 0.1", last);
        Assert.Single(text.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}
