using System.Diagnostics;
using System.Runtime.CompilerServices;
using Xunit;

namespace Edge.Tests.Teachers;

/// <summary>A fact that needs Debian's python3-onnx to make ONNX files independently of edge; skipped without it.</summary>
public sealed class NeedsPythonOnnxFactAttribute : FactAttribute
{
    public NeedsPythonOnnxFactAttribute()
    {
        if (PythonOnnx.Interpreter == null)
            Skip = "python3-onnx is not installed (apt-get install python3-onnx): ONNX files made outside edge not tested";
    }
}

/// <summary>Runs onnx_models.py (beside this file) with a Python that can import onnx.</summary>
internal static class PythonOnnx
{
    private static readonly Lazy<string?> Found = new(FindInterpreter);

    /// <summary>A python3 that imports onnx, or null. Debian's /usr/bin/python3 first: a pyenv or venv python on PATH lacks Debian's modules.</summary>
    public static string? Interpreter => Found.Value;

    public static string Script([CallerFilePath] string here = "") => Path.Combine(Path.GetDirectoryName(here)!, "onnx_models.py");

    /// <summary>Runs the script with <paramref name="arguments"/>; returns stdout, fails the test with stderr on a non-zero exit.</summary>
    public static string Run(params string[] arguments)
    {
        string script = Script();
        Assert.True(File.Exists(script), $"test script missing: {script}");
        var (code, stdout, stderr) = Execute(Interpreter ?? throw new InvalidOperationException("python3-onnx missing"), [script, .. arguments]);
        Assert.True(code == 0, $"onnx_models.py {string.Join(' ', arguments)} failed ({code}): {stderr}");
        return stdout;
    }

    private static string? FindInterpreter()
    {
        foreach (string candidate in new[] { "/usr/bin/python3", "python3" })
        {
            try
            {
                if (Execute(candidate, ["-c", "import onnx.helper, numpy"]).Code == 0) return candidate;
            }
            catch (System.ComponentModel.Win32Exception) { } // not on this machine
        }
        return null;
    }

    private static (int Code, string Out, string Err) Execute(string program, string[] arguments)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in arguments) info.ArgumentList.Add(argument);
        using Process process = Process.Start(info)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(60_000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} did not finish in 60 s");
        }
        return (process.ExitCode, stdout.Result, stderr.Result);
    }
}
