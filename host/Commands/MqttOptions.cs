using Edge.Host.Cli;
using Edge.Host.Fleet;

namespace Edge.Host.Commands;

/// <summary>The login options of every MQTT client of edge (mqtt:// targets, boards on a broker, edge fleet).</summary>
internal static class MqttOptions
{
    public static readonly OptionSpec User = OptionSpec.Value("user", "NAME", "mqtt: the broker account (a board's default: its id)");
    public static readonly OptionSpec PasswordFile = OptionSpec.Value("password-file", "FILE",
        "mqtt: file holding the account's password (one line, or USER:PASSWORD lines)");
    public static readonly OptionSpec Ca = OptionSpec.Value("ca", "FILE", "mqtt: connect with TLS, trusting the broker certificate this PEM CA signed");

    public static IReadOnlyList<OptionSpec> Specs { get; } = [User, PasswordFile, Ca];

    /// <summary>The login the options give; <paramref name="defaultUser"/> when --user is absent (a board's id).</summary>
    public static MqttLogin Login(ParsedOptions o, string? defaultUser = null)
    {
        string? user = o.GetStringOrNull(User.Name) ?? defaultUser;
        string? passwordFile = o.GetStringOrNull(PasswordFile.Name);
        if (passwordFile != null && user == null) throw new UsageException("--password-file needs --user (the account it belongs to)");
        string? ca = o.GetStringOrNull(Ca.Name);
        if (ca != null && !File.Exists(ca)) throw new UsageException($"--ca {ca}: no such file");
        return new MqttLogin(passwordFile == null ? null : user, passwordFile == null ? null : MqttLogin.ReadPassword(passwordFile, user), ca);
    }

    /// <summary>The same options again as command-line words, for the edge commands a fleet command runs per board.</summary>
    public static List<string> Forward(ParsedOptions o)
    {
        var words = new List<string>();
        foreach (OptionSpec spec in Specs)
            if (o.GetStringOrNull(spec.Name) is { } value) words.AddRange(["--" + spec.Name, value]);
        return words;
    }
}
