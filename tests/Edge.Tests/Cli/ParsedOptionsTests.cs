using Edge.Host.Cli;
using Xunit;

namespace Edge.Tests.Cli;

/// <summary>What a command reads from its command line as System.CommandLine parsed it, and the usage errors (exit 2).</summary>
public class ParsedOptionsTests
{
    private static ParsedOptions Parse(params string[] words)
    {
        var command = new CapturingCommand();
        var stderr = new StringWriter();
        int code = new CliApp([command], new StringWriter(), stderr).Run(["bench", "learn", .. words]);
        Assert.True(code == 0, stderr.ToString());
        return command.Parsed!;
    }

    /// <summary>The one stderr line and exit code of a command line that is wrong.</summary>
    private static (int Code, string Line) Mistake(params string[] words)
    {
        var stderr = new StringWriter();
        int code = new CliApp([new EchoCommand()], new StringWriter(), stderr).Run(["bench", "learn", .. words]);
        string[] lines = stderr.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        return (code, lines[0]);
    }

    [Fact]
    public void Absent_options_take_their_declared_defaults()
    {
        ParsedOptions o = Parse("sim:a");
        Assert.Equal(10, o.GetInt("epochs"));
        Assert.Equal(0.01, o.GetDouble("lr"));
        Assert.Equal([32], o.GetIntList("hidden"));
        Assert.False(o.HasFlag("verbose"));
        Assert.False(o.Json);
        Assert.False(o.IsGiven("epochs"));
        Assert.Null(o.Argument("OUT"));
    }

    [Fact]
    public void Separate_and_inline_values_flags_and_positionals_mix_in_any_order()
    {
        ParsedOptions o = Parse("--epochs", "5", "sim:a", "--lr=0.5", "--verbose", "out.bin", "--hidden", "64,32", "--json");
        Assert.Equal(5, o.GetInt("epochs"));
        Assert.Equal(0.5, o.GetDouble("lr"));
        Assert.Equal([64, 32], o.GetIntList("hidden"));
        Assert.True(o.HasFlag("verbose"));
        Assert.True(o.Json);
        Assert.Equal("sim:a", o.Argument("TARGET"));
        Assert.Equal("out.bin", o.Argument("OUT"));
    }

    [Fact]
    public void A_value_option_takes_a_negative_number_and_double_dash_ends_options()
    {
        ParsedOptions o = Parse("--lr", "-0.25", "--", "--weird-target");
        Assert.Equal(-0.25, o.GetDouble("lr"));
        Assert.Equal("--weird-target", o.Argument("TARGET"));
    }

    [Fact]
    public void Getter_fallback_applies_only_when_the_option_is_absent()
    {
        Assert.Equal("none", Parse("t").GetString("name", "none"));
        Assert.Equal("x", Parse("t", "--name", "x").GetString("name", "none"));
        Assert.Equal(7, Parse("t").GetInt("name", 7));
    }

    [Theory]
    [InlineData("unknown option --epoch for 'bench learn'", "t", "--epoch", "3")]
    [InlineData("unknown option --epoch for 'bench learn'", "t", "--epoch=3")]
    [InlineData("option --epochs needs a value (N)", "t", "--epochs")]
    [InlineData("option --epochs: 'many' is not an integer", "t", "--epochs", "many")]
    [InlineData("option --lr: 'fast' is not a number", "t", "--lr", "fast")]
    [InlineData("option --hidden: '32,x' is not a comma-separated list of integers", "t", "--hidden", "32,x")]
    [InlineData("option --verbose is a flag and takes no value", "t", "--verbose=yes")]
    [InlineData("Option '--epochs' expects a single argument but 2 were provided.", "t", "--epochs", "1", "--epochs=2")]
    [InlineData("'bench learn' needs TARGET", "--epochs", "1")]
    [InlineData("unexpected argument 'c' for 'bench learn'", "a", "b", "c")]
    [InlineData("unknown option '-x' for 'bench learn'", "t", "-x")]
    public void Mistakes_are_one_line_usage_errors_naming_the_option(string expected, params string[] words)
    {
        var (code, line) = Mistake(words);
        Assert.StartsWith("edge: " + expected, line);
        Assert.Equal(2, code);
    }

    [Fact]
    public void A_required_option_without_default_names_itself_when_missing()
    {
        var error = Assert.Throws<UsageException>(() => Parse("t").GetString("name"));
        Assert.Equal("option --name is required", error.Message);
    }

    [Fact]
    public void Help_skips_the_positional_check()
    {
        foreach (string help in new[] { "-h", "--help" })
        {
            var stdout = new StringWriter();
            Assert.Equal(0, new CliApp([new EchoCommand()], stdout, new StringWriter()).Run(["bench", "learn", help]));
            Assert.Contains("--epochs", stdout.ToString());
        }
    }

    [Fact]
    public void Asking_for_an_undeclared_option_is_a_programming_error()
    {
        Assert.Throws<InvalidOperationException>(() => Parse("t").GetInt("epoch"));
        Assert.Throws<InvalidOperationException>(() => Parse("t").HasFlag("epochs"));
    }
}

/// <summary>The echo command's options, kept for the test to read.</summary>
internal sealed class CapturingCommand : Command
{
    private readonly EchoCommand _echo = new();
    public ParsedOptions? Parsed { get; private set; }
    public override string Name => _echo.Name;
    public override string Summary => _echo.Summary;
    public override IReadOnlyList<ArgumentSpec> Arguments => _echo.Arguments;
    public override IReadOnlyList<OptionSpec> Options => _echo.Options;
    public override int Run(CommandContext context)
    {
        Parsed = context.Options;
        return 0;
    }
}
