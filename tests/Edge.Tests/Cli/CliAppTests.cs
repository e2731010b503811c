using System.Text.Json;
using Edge.Host.Cli;
using Xunit;

namespace Edge.Tests.Cli;

public class CliAppTests
{
    private static (int Code, string Out, string Err) Run(bool debug, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = new CliApp([new EchoCommand(), new FailCommand(), new GroupedCommand("weights get"), new GroupedCommand("weights put")],
                              stdout, stderr) { Debug = debug }.Run(args);
        return (code, stdout.ToString(), stderr.ToString());
    }

    private static (int Code, string Out, string Err) Run(params string[] args) => Run(false, args);

    [Fact]
    public void Two_word_command_runs_with_its_options_and_json_is_the_only_stdout()
    {
        var (code, stdout, stderr) = Run("bench", "learn", "sim:x", "--json", "--epochs=3", "--hidden", "32,16");
        Assert.Equal(0, code);
        Assert.Equal("", stderr);
        using var json = JsonDocument.Parse(stdout);
        JsonElement root = json.RootElement;
        Assert.Equal(["target", "out", "epochs", "lr", "hidden", "name", "verbose"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(JsonValueKind.Number, root.GetProperty("epochs").ValueKind);
        Assert.Equal(3, root.GetProperty("epochs").GetInt32());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("out").ValueKind);
        Assert.Equal([32, 16], root.GetProperty("hidden").EnumerateArray().Select(e => e.GetInt32()));
    }

    [Fact]
    public void Without_json_the_result_is_readable_lines()
    {
        var (code, stdout, _) = Run("bench", "learn", "sim:x", "--verbose");
        Assert.Equal(0, code);
        Assert.Contains("echoing\n", stdout);
        Assert.Contains("target:  sim:x\n", stdout);
        Assert.Contains("hidden:  32\n", stdout);
        Assert.Contains("verbose: yes\n", stdout);
    }

    [Fact]
    public void General_help_lists_every_command_with_its_summary()
    {
        foreach (string[] args in new[] { new[] { "--help" }, ["help"], ["-h"] })
        {
            var (code, stdout, _) = Run(args);
            Assert.Equal(0, code);
            Assert.Contains("  bench learn  ", stdout);
            Assert.Contains("  weights put  ", stdout);
            Assert.Contains("echo parsed options", stdout);
            Assert.Contains("fail ", stdout);
        }
    }

    [Fact]
    public void No_arguments_print_help_to_stderr_as_a_usage_error()
    {
        var (code, stdout, stderr) = Run();
        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.Contains("commands:", stderr);
    }

    [Fact]
    public void Command_help_shows_arguments_options_and_defaults()
    {
        foreach (string[] args in new[] { new[] { "bench", "learn", "--help" }, ["help", "bench", "learn"], ["bench", "learn", "-h"] })
        {
            var (code, stdout, _) = Run(args);
            Assert.Equal(0, code);
            Assert.Contains("edge bench learn <TARGET> [<OUT>] [options]", stdout);
            Assert.Contains("--epochs <N>", stdout);
            Assert.Contains("[default: 10]", stdout);
            Assert.Contains("--json", stdout);
            Assert.Contains("--verbose", stdout);
        }
    }

    [Theory]
    [InlineData(2, "edge: unknown command 'teleport' (see 'edge --help')", "teleport")]
    [InlineData(2, "edge: 'weights' needs a subcommand: weights get, weights put", "weights")]
    [InlineData(2, "edge: unknown command 'weights warp' (did you mean one of: weights get, weights put?)", "weights", "warp")]
    [InlineData(2, "edge: unknown option --epoch for 'bench learn' (see 'edge bench learn --help')", "bench", "learn", "t", "--epoch", "1")]
    [InlineData(2, "edge: unknown option '--teleport' before a command (see 'edge --help')", "--teleport")]
    [InlineData(1, "edge: the board did not answer", "fail")]
    [InlineData(1, "edge: Could not find file '/nowhere/data.csv'.", "fail", "--kind", "io")]
    [InlineData(1, "edge: internal error: InvalidOperationException: first line second line (set EDGE_DEBUG=1 for the stack trace)", "fail", "--kind", "bug")]
    [InlineData(130, "edge: cancelled", "fail", "--kind", "cancel")]
    public void Errors_are_one_line_on_stderr_with_a_nonzero_code(int expectedCode, string expectedLine, params string[] args)
    {
        var (code, stdout, stderr) = Run(args);
        Assert.Equal(expectedCode, code);
        Assert.Equal("", stdout);
        Assert.Equal(expectedLine + Environment.NewLine, stderr);
    }

    [Fact]
    public void Debug_mode_adds_the_stack_trace()
    {
        var (code, _, stderr) = Run(true, "fail", "--kind", "bug");
        Assert.Equal(1, code);
        string[] lines = stderr.Split('\n');
        Assert.Equal("edge: internal error: InvalidOperationException: first line second line", lines[0].TrimEnd());
        Assert.Contains("FailCommand.Run", stderr);
    }

    [Fact]
    public void A_command_returns_its_own_exit_code()
    {
        Assert.Equal(3, Run("fail", "--kind", "other").Code);
    }

    [Fact]
    public void Version_is_one_line()
    {
        var (code, stdout, _) = Run("--version");
        Assert.Equal(0, code);
        Assert.Matches(@"^edge \d+\.\d+\.\d+\S*\n$", stdout.Replace("\r", ""));
    }

    [Fact]
    public void Every_command_class_is_listed_once_and_each_renders_its_help()
    {
        IReadOnlyList<ICommand> commands = EdgeCommands.All();
        var classes = typeof(EdgeCommands).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(ICommand).IsAssignableFrom(t)).ToHashSet();
        Assert.Equal(classes.OrderBy(t => t.Name), commands.Select(c => c.GetType()).OrderBy(t => t.Name));
        foreach (ICommand command in commands)
        {
            Assert.False(string.IsNullOrWhiteSpace(command.Summary), command.Name);
            var stdout = new StringWriter();
            Assert.Equal(0, new CliApp(commands, stdout, new StringWriter()).Run([.. command.Name.Split(' '), "--help"]));
            Assert.Contains("edge " + command.Name, stdout.ToString());
            foreach (OptionSpec option in command.Options)
                Assert.Contains("--" + option.Name, stdout.ToString());
        }
    }

    [Fact]
    public void Two_commands_of_one_name_are_a_bug()
    {
        Assert.Throws<InvalidOperationException>(() =>
            new CliApp([new EchoCommand(), new EchoCommand()], new StringWriter(), new StringWriter()).Run(["--help"]));
    }
}
