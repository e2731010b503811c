namespace Edge.Host.Cli;

/// <summary>The options every command accepts without declaring them (--help and --version come from System.CommandLine).</summary>
public static class CommonOptions
{
    public static readonly OptionSpec Json = OptionSpec.Flag("json", "print one JSON object on stdout instead of text");
}
