namespace Edge.Host.Cli;

/// <summary>The options every command accepts without declaring them.</summary>
public static class CommonOptions
{
    public static readonly OptionSpec Json = OptionSpec.Flag("json", "print one JSON object on stdout instead of text");
    public static readonly OptionSpec Help = OptionSpec.Flag("help", "show this help");

    public static IReadOnlyList<OptionSpec> All { get; } = [Json, Help];
}
