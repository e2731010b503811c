using System.CommandLine;
using System.CommandLine.Parsing;

namespace Edge.Host.Cli;

/// <summary>
/// The one line that says what is wrong with a command line System.CommandLine parsed, naming the culprit:
/// an unknown command or option, a word no argument takes, a flag given a value, or the parser's own error
/// (missing or repeated value, missing argument). Null when the line is right.
/// </summary>
internal static class UsageMistake
{
    public static string? Describe(ParseResult parse, CommandTree tree, IReadOnlyList<string> args)
    {
        System.CommandLine.Command where = parse.CommandResult.Command;
        string path = tree.PathOf(where);
        LeafCommand? leaf = tree.Leaf(where);

        if (leaf is not null && FlagGivenAValue(args, leaf) is { } flag)
            return $"option --{flag} is a flag and takes no value";
        // An unknown option first: the words after it may be its value, left over because it was not known.
        string? stray = (leaf is null ? null : OptionTakenAsArgument(parse, leaf)) ?? parse.UnmatchedTokens.FirstOrDefault();
        if (stray is not null)
        {
            if (path.Length == 0)
                return LooksLikeOption(stray)
                    ? $"unknown option '{stray}' before a command (see 'edge --help')"
                    : $"unknown command '{stray}' (see 'edge --help')";
            if (leaf is null)
                return $"unknown command '{path} {stray}' (did you mean one of: {string.Join(", ", tree.InGroup(path).Select(c => c.Name))}?)";
            if (stray.StartsWith("--", StringComparison.Ordinal))
                return $"unknown option {stray.Split('=')[0]} for '{path}' (see 'edge {path} --help')";
            if (LooksLikeOption(stray))
                return $"unknown option '{stray}' for '{path}' (options start with --)";
            return $"unexpected argument '{stray}' for '{path}'";
        }
        if (parse.Errors.Count == 0) return null;
        ParseError error = parse.Errors[0];
        return error.SymbolResult switch
        {
            ArgumentResult { Tokens.Count: 0 } missing when leaf is not null && leaf.Arguments.Contains(missing.Argument) =>
                $"'{path}' needs {missing.Argument.Name} (see 'edge {path} --help')",
            OptionResult { Tokens.Count: 0, Option: { } option } when leaf is not null =>
                $"option {option.Name} needs a value ({option.HelpName})",
            _ => error.Message, // the parser's own line, which names the option (e.g. a repeated one)
        };
    }

    // System.CommandLine hands an unknown "--word" to a free positional argument; edge calls it an unknown option.
    private static string? OptionTakenAsArgument(ParseResult parse, LeafCommand leaf)
    {
        var literal = new HashSet<Token>(ReferenceEqualityComparer.Instance);
        bool afterDoubleDash = false;
        foreach (Token token in parse.Tokens)
        {
            if (afterDoubleDash) literal.Add(token);
            if (token.Type == TokenType.DoubleDash) afterDoubleDash = true;
        }
        foreach (Argument argument in leaf.Arguments)
        {
            if (parse.GetResult(argument) is not { } result) continue;
            foreach (Token token in result.Tokens)
                if (!literal.Contains(token) && LooksLikeOption(token.Value)) return token.Value;
        }
        return null;
    }

    // The parser splits --flag=value into the flag and a stray word; the user meant a value.
    private static string? FlagGivenAValue(IReadOnlyList<string> args, LeafCommand leaf)
    {
        foreach (string word in args.TakeWhile(w => w != "--"))
        {
            if (!word.StartsWith("--", StringComparison.Ordinal) || !word.Contains('=')) continue;
            string name = word[2..word.IndexOf('=')];
            if (leaf.Flags.Any(f => f.Name == name)) return name;
        }
        return null;
    }

    // "-" (stdin) and negative numbers are values, not options.
    private static bool LooksLikeOption(string word) =>
        word.Length > 1 && word[0] == '-' && !(char.IsDigit(word[1]) || word[1] == '.');
}
