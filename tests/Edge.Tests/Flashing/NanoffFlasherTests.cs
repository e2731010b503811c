using Edge.Host.Flashing;
using Edge.Tests.Boards;
using Edge.Tests.Data;

namespace Edge.Tests.Flashing;

/// <summary>nanoff is found, called with the right arguments and its output streamed; a missing nanoff is one clear line.</summary>
public class NanoffFlasherTests
{
    private static string FakeNanoff(TempDirectory dir, string body)
    {
        string path = dir.Write("nanoff", "#!/bin/sh\n" + body + "\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    [Fact]
    public void MissingNanoffNamesTheInstallCommand()
    {
        using var empty = new TempDirectory();
        using var home = new TempDirectory();
        var flasher = new NanoffFlasher(searchPath: empty.Path, homeDirectory: home.Path);
        Assert.Null(flasher.Locate());
        string image = empty.Write("App.bin", "x");
        var e = Assert.Throws<NanoffNotInstalledException>(() => flasher.Flash(new NanoffRequest("ESP32_REV0", "/dev/ttyUSB0", image), _ => { }));
        Assert.Equal("nanoff is not installed: install it with 'dotnet tool install -g nanoff'", e.Message);
    }

    [Fact]
    public void FakeNanoffGetsTheArgumentsAndItsOutputIsStreamed()
    {
        if (OperatingSystem.IsWindows()) return;
        using var bin = new TempDirectory();
        using var home = new TempDirectory();
        // Echoes each argument on its own line, writes to stderr too, and exits 3.
        FakeNanoff(bin, "for a in \"$@\"; do echo \"arg:$a\"; done\necho 'flashing done' >&2\nexit 3");
        string image = bin.Write("App with space.bin", "image");
        var flasher = new NanoffFlasher(searchPath: "/nonexistent" + Path.PathSeparator + bin.Path, homeDirectory: home.Path);
        Assert.Equal(Path.Combine(bin.Path, "nanoff"), flasher.Locate());

        var lines = new List<string>();
        int exit = flasher.Flash(new NanoffRequest("ESP32_REV0", "/dev/ttyUSB0", image, Baud: 921600), lines.Add);

        Assert.Equal(3, exit);
        string[] expected = ["--update", "--target", "ESP32_REV0", "--serialport", "/dev/ttyUSB0", "--deploy", "--image", image, "--baud", "921600"];
        Assert.Equal(expected.Select(a => "arg:" + a), lines.Where(l => l.StartsWith("arg:")));
        Assert.Contains("flashing done", lines);
    }

    [Fact]
    public void NanoffInDotnetToolsIsFound()
    {
        if (OperatingSystem.IsWindows()) return;
        using var home = new TempDirectory();
        using var empty = new TempDirectory();
        Directory.CreateDirectory(Path.Combine(home.Path, ".dotnet", "tools"));
        string tool = Path.Combine(home.Path, ".dotnet", "tools", "nanoff");
        File.WriteAllText(tool, "#!/bin/sh\necho ok\n");
        var flasher = new NanoffFlasher(searchPath: empty.Path, homeDirectory: home.Path);
        Assert.Null(flasher.Locate()); // not executable yet
        File.SetUnixFileMode(tool, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        Assert.Equal(tool, flasher.Locate());
        var lines = new List<string>();
        Assert.Equal(0, flasher.Flash(new NanoffRequest("ESP32_REV0", "/dev/ttyUSB1", empty.Write("App.bin", "x"), UpdateFirmware: false), lines.Add));
        Assert.Equal(["ok"], lines);
    }

    [Fact]
    public void TargetComesFromTheProfile()
    {
        Assert.Equal("ESP32_REV0", NanoffFlasher.DefaultTarget(BoardTestProfiles.Shipped("esp32-devkitc")));
        Assert.Throws<ArgumentException>(() => NanoffFlasher.DefaultTarget(BoardTestProfiles.Shipped("rpi-mcp3008")));
        Assert.Equal(["--target", "X", "--serialport", "P", "--deploy", "--image", "I"], NanoffFlasher.Arguments(new NanoffRequest("X", "P", "I", UpdateFirmware: false)));
    }
}
