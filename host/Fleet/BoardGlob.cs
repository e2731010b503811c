using System.Text.RegularExpressions;

namespace Edge.Host.Fleet;

/// <summary>
/// Which boards a fleet command takes (<c>--boards GLOB</c>): comma-separated patterns where '*' matches any run of
/// characters and '?' one, e.g. <c>rack-*</c> or <c>rack-3,rack-7</c>.
/// </summary>
public sealed class BoardGlob
{
    private readonly Regex _regex;

    public BoardGlob(string pattern)
    {
        Pattern = pattern;
        string[] alternatives = pattern.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (alternatives.Length == 0) alternatives = ["*"];
        string body = string.Join('|', alternatives.Select(a => Regex.Escape(a).Replace(@"\*", ".*").Replace(@"\?", ".")));
        _regex = new Regex("^(?:" + body + ")$", RegexOptions.CultureInvariant);
    }

    public static readonly BoardGlob All = new("*");

    public string Pattern { get; }

    public bool Matches(string id) => _regex.IsMatch(id);
}
