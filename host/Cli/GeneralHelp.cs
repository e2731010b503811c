using System.Text;

namespace Edge.Host.Cli;

/// <summary>The text of <c>edge --help</c> (and <c>edge bench --help</c>): every command with its summary.</summary>
public static class GeneralHelp
{
    public const string Tagline =
        "edge: train small networks on boards with backprop-free learning, and move what a board learned onto its replacement";

    public static string Text(IReadOnlyList<ICommand> commands)
    {
        var text = new StringBuilder();
        text.Append(Tagline).Append("\n\n");
        text.Append("usage: edge <command> [arguments] [options]\n\n");
        text.Append("commands:\n");
        int width = commands.Max(c => c.Name.Length);
        foreach (ICommand command in commands)
            text.Append("  ").Append(command.Name.PadRight(width + 2)).Append(command.Summary).Append('\n');
        text.Append("\nRun 'edge <command> --help' for its options. Every command takes --json.\n");
        text.Append("Ctrl+C stops a long command at its next safe point (exit 130): flash and caches stay consistent.\n");
        text.Append("Set EDGE_DEBUG=1 to see stack traces of errors.\n");
        return text.ToString();
    }
}
