namespace Edge.Host.Cli;

/// <summary>
/// One <c>--name</c> option a command accepts. A flag (<see cref="ValueName"/> null) takes no value;
/// a value option takes the next word or <c>--name=value</c>. <see cref="Default"/> is the text used
/// when the option is absent, parsed like a user value, and shown in the help.
/// </summary>
public sealed record OptionSpec(string Name, string? ValueName, string Help, string? Default = null)
{
    public bool IsFlag => ValueName is null;

    /// <summary>An option that takes a value, e.g. <c>Value("epochs", "N", "passes over the data", "10")</c>.</summary>
    public static OptionSpec Value(string name, string valueName, string help, string? defaultValue = null) =>
        new(name, valueName, help, defaultValue);

    /// <summary>A boolean switch, e.g. <c>Flag("verbose", "print every step")</c>.</summary>
    public static OptionSpec Flag(string name, string help) => new(name, null, help);
}

/// <summary>
/// One positional argument (e.g. TARGET). Only the last argument of a command may be
/// <see cref="IsList"/> (takes all remaining words).
/// </summary>
public sealed record ArgumentSpec(string Name, string Help, bool IsRequired = true, bool IsList = false)
{
    public static ArgumentSpec Required(string name, string help) => new(name, help);
    public static ArgumentSpec Optional(string name, string help) => new(name, help, IsRequired: false);
    public static ArgumentSpec List(string name, string help, bool atLeastOne = false) =>
        new(name, help, IsRequired: atLeastOne, IsList: true);
}
