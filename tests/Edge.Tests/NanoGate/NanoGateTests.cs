using System.Diagnostics;
using Xunit;

namespace Edge.Tests.NanoGate;

/// <summary>
/// The nanoFramework compile gate really bites: a probe compiled with the gate's settings
/// (tests/Edge.NanoGate/NanoFramework.props) fails on System.Math, and a clean probe builds.
/// Each probe is a throw-away project in a temp directory that imports the repository's props.
/// </summary>
public class NanoGateTests
{
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(3);

    private const string ForbiddenProbe = """
        namespace Probe
        {
            public static class UsesMath
            {
                public static int Magnitude(int x) { return System.Math.Abs(x); }
            }
        }
        """;

    private const string CleanProbe = """
        namespace Probe
        {
            public static class Clean
            {
                private static readonly short[] Table = { 1, 2, 3 };
                public static int Magnitude(int x) { return x < 0 ? -x : x; }
                public static int Sum() { int s = 0; for (int i = 0; i < Table.Length; i++) s += Table[i]; return s; }
            }
        }
        """;

    [Trait("Category", "Slow")] // over 2 s: left out by --filter "Category!=Slow"
    [Fact]
    public async Task ProbeUsingSystemMathFailsAndCleanProbeBuilds()
    {
        string root = FindRepositoryRoot();
        string props = Path.Combine(root, "tests", "Edge.NanoGate", "NanoFramework.props");
        string directoryProps = Path.Combine(root, "Directory.Build.props");
        Assert.True(File.Exists(props), $"missing {props}");
        // Both builds at once: the whole test stays well under a minute on two cores.
        Task<(int exitCode, string output)> forbidden = BuildProbeAsync(props, directoryProps, ForbiddenProbe);
        Task<(int exitCode, string output)> clean = BuildProbeAsync(props, directoryProps, CleanProbe);
        var (forbiddenExit, forbiddenOutput) = await forbidden;
        var (cleanExit, cleanOutput) = await clean;

        Assert.True(cleanExit == 0, $"the clean probe must build with the gate's settings:\n{cleanOutput}");
        Assert.True(forbiddenExit != 0, $"the System.Math probe must not build:\n{forbiddenOutput}");
        Assert.Contains("CS0234", forbiddenOutput); // "type or namespace 'Math' does not exist in namespace 'System'"
        Assert.Contains("'Math'", forbiddenOutput);
    }

    /// <summary>Walks up from the test binaries to the folder holding Edge.sln.</summary>
    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Edge.sln"))) return dir.FullName;
        throw new InvalidOperationException($"no Edge.sln above {AppContext.BaseDirectory}");
    }

    private static async Task<(int exitCode, string output)> BuildProbeAsync(string propsPath, string directoryPropsPath, string source)
    {
        string dir = Path.Combine(Path.GetTempPath(), "edge-nanogate-probe-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            // The temp dir is outside the repository, so the repository's Directory.Build.props is
            // named on the command line (DirectoryBuildPropsPath): with it and NanoFramework.props the
            // probe is built with exactly the settings of tests/Edge.NanoGate.
            File.WriteAllText(Path.Combine(dir, "Probe.csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <Import Project="{propsPath}" />
                  <PropertyGroup>
                    <AssemblyName>Probe</AssemblyName>
                  </PropertyGroup>
                  <ItemGroup>
                    <Compile Include="Probe.cs" />
                  </ItemGroup>
                </Project>
                """);
            File.WriteAllText(Path.Combine(dir, "Probe.cs"), source);
            return await RunDotnetAsync(dir, "build", "Probe.csproj", "-nologo", "-v:q", "-nodeReuse:false",
                "-p:UseSharedCompilation=false", $"-p:DirectoryBuildPropsPath={directoryPropsPath}");
        }
        finally
        {
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    private static async Task<(int exitCode, string output)> RunDotnetAsync(string workingDirectory, params string[] arguments)
    {
        string dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
        var start = new ProcessStartInfo(dotnet)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments) start.ArgumentList.Add(argument);
        // dotnet test runs us with MSBuild's variables set for the outer build; a nested build must not inherit them.
        foreach (string name in start.Environment.Keys.ToArray())
            if (name.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) || name.StartsWith("MSBUILD", StringComparison.Ordinal))
                start.Environment.Remove(name);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet");
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(BuildTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet {string.Join(' ', arguments)} took longer than {BuildTimeout}");
        }
        return (process.ExitCode, await stdout + await stderr);
    }
}
