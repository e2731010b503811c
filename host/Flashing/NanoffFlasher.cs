using System.Diagnostics;
using Edge.Boards.Profiles;

namespace Edge.Host.Flashing;

/// <summary>What <c>edge flash</c> asks nanoff to do.</summary>
/// <param name="Target">nanoFramework firmware target, e.g. ESP32_REV0 (see <see cref="NanoffFlasher.DefaultTarget"/>).</param>
/// <param name="SerialPort">The board's serial port, e.g. /dev/ttyUSB0.</param>
/// <param name="Image">The managed application's deployment image (App.bin from the nanoFramework build).</param>
/// <param name="Baud">Flashing baud rate, or null for nanoff's default.</param>
/// <param name="UpdateFirmware">Also flash the newest nanoFramework firmware (nanoBooter + nanoCLR) first (--update).</param>
public sealed record NanoffRequest(string Target, string SerialPort, string Image, int? Baud = null, bool UpdateFirmware = true);

/// <summary>nanoff is not on PATH nor in ~/.dotnet/tools; the message is one line with the install command.</summary>
public sealed class NanoffNotInstalledException() : Exception(NanoffFlasher.NotInstalledMessage);

/// <summary>
/// Runs the .NET nanoFramework firmware flasher (<c>nanoff</c>, a dotnet tool) to put the nanoFramework firmware and the
/// Edge application on a board: <c>nanoff --update --target T --serialport P --deploy --image App.bin [--baud N]</c>.
/// Its output (stdout and stderr) is passed on line by line as it comes; the result is nanoff's exit code.
/// </summary>
public sealed class NanoffFlasher
{
    public const string ToolName = "nanoff";
    public const string InstallCommand = "dotnet tool install -g nanoff";
    public const string NotInstalledMessage = "nanoff is not installed: install it with '" + InstallCommand + "'";

    private readonly string? _path;
    private readonly string? _home;

    /// <param name="searchPath">Directories to look in, separated like PATH (default: the PATH environment variable).</param>
    /// <param name="homeDirectory">Home directory whose .dotnet/tools is also searched (default: the user's home).</param>
    public NanoffFlasher(string? searchPath = null, string? homeDirectory = null)
    {
        _path = searchPath ?? Environment.GetEnvironmentVariable("PATH");
        _home = homeDirectory ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
    }

    /// <summary>The firmware target for a profile: ESP32_REV0 (runs on every ESP32 revision) for nanoframework-esp32.</summary>
    public static string DefaultTarget(BoardProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        if (profile.Kind != BoardKind.NanoFrameworkEsp32)
            throw new ArgumentException($"{profile.Name} is not a nanoFramework board (kind nanoframework-esp32); it is not flashed with nanoff", nameof(profile));
        return "ESP32_REV0";
    }

    /// <summary>The full path of nanoff (PATH first, then ~/.dotnet/tools), or null.</summary>
    public string? Locate()
    {
        var directories = new List<string>();
        if (!string.IsNullOrEmpty(_path)) directories.AddRange(_path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries));
        if (!string.IsNullOrEmpty(_home)) directories.Add(Path.Combine(_home, ".dotnet", "tools"));
        string[] names = OperatingSystem.IsWindows() ? [ToolName + ".exe", ToolName + ".cmd"] : [ToolName];
        foreach (string directory in directories)
            foreach (string name in names)
            {
                string candidate = Path.Combine(directory, name);
                if (File.Exists(candidate) && IsExecutable(candidate)) return Path.GetFullPath(candidate);
            }
        return null;
    }

    /// <summary>The argument list nanoff gets for <paramref name="request"/>.</summary>
    public static IReadOnlyList<string> Arguments(NanoffRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var arguments = new List<string>();
        if (request.UpdateFirmware) arguments.Add("--update");
        arguments.AddRange(["--target", request.Target, "--serialport", request.SerialPort, "--deploy", "--image", request.Image]);
        if (request.Baud is int baud) arguments.AddRange(["--baud", baud.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        return arguments;
    }

    /// <summary>
    /// Runs nanoff and waits for it; every output line goes to <paramref name="onLine"/> as it is printed.
    /// Cancelling kills nanoff (and its children, e.g. esptool).
    /// </summary>
    /// <returns>nanoff's exit code (0: flashed).</returns>
    /// <exception cref="NanoffNotInstalledException">nanoff is not installed.</exception>
    /// <exception cref="FileNotFoundException">The image does not exist.</exception>
    public int Flash(NanoffRequest request, Action<string> onLine, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(onLine);
        string tool = Locate() ?? throw new NanoffNotInstalledException();
        if (!File.Exists(request.Image)) throw new FileNotFoundException($"no deployment image {request.Image}: build firmware/nanoFramework first (firmware/nanoFramework/README.md)", request.Image);

        var start = new ProcessStartInfo(tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in Arguments(request)) start.ArgumentList.Add(argument);

        using var process = new Process { StartInfo = start };
        var gate = new object();
        void Forward(object sender, DataReceivedEventArgs e)
        {
            if (e.Data == null) return;
            lock (gate) onLine(e.Data);
        }
        process.OutputDataReceived += Forward;
        process.ErrorDataReceived += Forward;
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using (cancellation.Register(() => { try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { } }))
            process.WaitForExit(); // also waits for the redirected streams to drain
        cancellation.ThrowIfCancellationRequested();
        return process.ExitCode;
    }

    private static bool IsExecutable(string path)
    {
        if (OperatingSystem.IsWindows()) return true;
        UnixFileMode mode = File.GetUnixFileMode(path);
        return (mode & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;
    }
}
