using System.Text;

namespace Edge.Host.Cli;

/// <summary>The text of <c>edge --help</c> and <c>edge &lt;cmd&gt; --help</c>.</summary>
public static class HelpWriter
{
    public const string Tagline =
        "edge: train small networks on boards with backprop-free learning, and move what a board learned onto its replacement";

    public static string General(CommandCatalog catalog)
    {
        var text = new StringBuilder();
        text.Append(Tagline).Append("\n\n");
        text.Append("usage: edge <command> [arguments] [options]\n\n");
        text.Append("commands:\n");
        int width = catalog.Commands.Max(c => c.Name.Length);
        foreach (ICommand command in catalog.Commands)
        {
            string mark = command is PlaceholderCommand ? " (not built yet)" : "";
            text.Append("  ").Append(command.Name.PadRight(width + 2)).Append(command.Summary).Append(mark).Append('\n');
        }
        text.Append("\nRun 'edge <command> --help' for its options. Every command takes --json.\n");
        text.Append("Ctrl+C stops a long command at its next safe point (exit 130): flash and caches stay consistent.\n");
        text.Append("Set EDGE_DEBUG=1 to see stack traces of errors.\n");
        return text.ToString();
    }

    public static string ForCommand(ICommand command)
    {
        var text = new StringBuilder();
        text.Append("usage: edge ").Append(command.Name);
        foreach (ArgumentSpec argument in command.Arguments)
        {
            string name = argument.IsList ? argument.Name + "..." : argument.Name;
            text.Append(' ').Append(argument.IsRequired ? name : "[" + name + "]");
        }
        text.Append(" [options]\n\n");
        text.Append(command.Summary).Append('\n');
        if (command.Description.Length > 0) text.Append('\n').Append(command.Description.TrimEnd()).Append('\n');

        if (command.Arguments.Count > 0)
        {
            text.Append("\narguments:\n");
            int width = command.Arguments.Max(a => a.Name.Length);
            foreach (ArgumentSpec argument in command.Arguments)
                text.Append("  ").Append(argument.Name.PadRight(width + 2)).Append(argument.Help).Append('\n');
        }

        text.Append("\noptions:\n");
        var options = command.Options.Concat(CommonOptions.All).ToList();
        var left = options.Select(o => o.IsFlag ? "--" + o.Name : "--" + o.Name + " " + o.ValueName).ToList();
        int leftWidth = left.Max(l => l.Length);
        for (int i = 0; i < options.Count; i++)
        {
            text.Append("  ").Append(left[i].PadRight(leftWidth + 2)).Append(options[i].Help);
            if (options[i].Default is { } value) text.Append(" (default ").Append(value.Length == 0 ? "\"\"" : value).Append(')');
            text.Append('\n');
        }
        return text.ToString();
    }
}
