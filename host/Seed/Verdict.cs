namespace Edge.Host.Seed;

/// <summary>What a claim's own numbers say about it.</summary>
public enum Verdict { Holds, Partly, DoesNotHold }

/// <summary>One test of a claim against its numbers: what was required, whether it was met, and what was measured.</summary>
public sealed record Check(string Requirement, bool Passed, string Measured);

/// <summary>
/// The one rule that turns checks into a verdict, the same for every claim: it <c>holds</c> when every check
/// passes, <c>does not hold</c> when none does, and holds <c>partly</c> otherwise.
/// </summary>
public static class Verdicts
{
    public const string Rule = "holds when every check passes, does not hold when none does, partly otherwise";

    public static Verdict From(IReadOnlyList<Check> checks)
    {
        if (checks.Count == 0) throw new ArgumentException("a verdict needs at least one check", nameof(checks));
        int passed = checks.Count(c => c.Passed);
        return passed == checks.Count ? Verdict.Holds : passed == 0 ? Verdict.DoesNotHold : Verdict.Partly;
    }

    /// <summary>The verdict as the words the report uses: holds, partly, does not hold.</summary>
    public static string Word(Verdict verdict) => verdict switch
    {
        Verdict.Holds => "holds",
        Verdict.Partly => "partly",
        Verdict.DoesNotHold => "does not hold",
        _ => throw new ArgumentOutOfRangeException(nameof(verdict)),
    };
}
