namespace Edge.Host.Seed;

/// <summary>The claims `edge bench seed` measures, in the order it runs them.</summary>
public static class SeedClaims
{
    public static IReadOnlyList<SeedClaim> All { get; } =
    [
        new WpVarianceClaim(),
        new SmallStepsClaim(),
        new LocalLossesClaim(),
        new NoForwardModelClaim(),
        new CopyFailsClaim(),
        new SoftTargetsClaim(),
        new TeacherErrorsClaim(),
        new CommunityClaim(),
    ];

    public static IEnumerable<string> Names => All.Select(c => c.Name);

    public static SeedClaim? Find(string name) => All.FirstOrDefault(c => c.Name == name);
}
