using System.Diagnostics;
using Edge.Host.Files;
using Edge.Tests.Data;
using Edge.Tests.Transport;
using static Edge.Tests.Commands.EdgeRunner;

namespace Edge.Tests.Files;

/// <summary>
/// Issue 17, case 2: every command that writes a file the user named (weights get --out, teach --out, bench learn
/// --out, demo --plot) replaces only a regular file, refuses a FIFO or a directory, and follows a symlink.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class OutputFileTests
{
    private static readonly string[][] Writers =
    [
        ["weights", "get", "sim:sim-digits#31", "--flash-dir", "{flash}", "--out", "{out}"],
        ["teach", "--data", "digits", "--arch", "64-8-10", "--epochs", "1", "--out", "{out}"],
        ["bench", "learn", "--data", "digits", "--hidden", "8", "--epochs", "1", "--out", "{out}"],
        ["demo", "--epochs", "1", "--distill-epochs", "1", "--work-dir", "{work}", "--plot", "{out}"],
    ];

    [Fact]
    public void AFifoOrADirectoryIsNeverReplaced_ByAnyCommand()
    {
        HangGuard.Run(() =>
        {
            using var dir = new TempDirectory();
            string flash = dir.File("board");
            Json("flash", "sim:sim-digits#31", "--arch", "64-8-10", "--flash-dir", flash);
            string fifo = dir.File("pipe");
            MakeFifo(fifo);
            string folder = dir.File("folder");
            Directory.CreateDirectory(folder);
            foreach (string[] writer in Writers)
            {
                foreach (var (target, kind) in new[] { (fifo, "FIFO"), (folder, "directory") })
                {
                    var (code, line) = Fail(Fill(writer, target, flash, dir.File("work")));
                    Assert.Equal(1, code);
                    Assert.Contains(target, line);
                    Assert.Contains(kind, line);
                }
                Assert.Equal(FileKind.Special, FileKinds.Of(fifo));
                Assert.Equal(FileKind.Directory, FileKinds.Of(folder));
                Assert.False(Directory.Exists(dir.File("work")), "demo checks --plot before it starts working");
            }
        }, TimeSpan.FromSeconds(60));
    }

    [Fact]
    public void ASymlinkIsFollowedToItsTarget_AndStaysALink()
    {
        HangGuard.Run(() =>
        {
            using var dir = new TempDirectory();
            string flash = dir.File("board");
            Json("flash", "sim:sim-digits#32", "--arch", "64-8-10", "--flash-dir", flash);
            Directory.CreateDirectory(dir.File("real"));
            string target = dir.Write("real/w.edgw", "old"), link = dir.File("link.edgw");
            File.CreateSymbolicLink(link, target);
            File.SetUnixFileMode(target, UnixFileMode.UserRead | UnixFileMode.UserWrite);

            Json("weights", "get", "sim:sim-digits#32", "--flash-dir", flash, "--out", link);

            Assert.Equal(target, new FileInfo(link).LinkTarget);
            Assert.Equal(65 * 8 + 9 * 10, Edge.Host.Boards.WeightsFile.Load(target).Weights.Length);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(target));
            Assert.Equal(new[] { "board", "link.edgw", "real" }, Directory.GetFileSystemEntries(dir.Path).Select(Path.GetFileName).Order());
            Assert.Equal(new[] { "w.edgw" }, Directory.GetFiles(dir.File("real")).Select(Path.GetFileName));   // no temporary left
        }, TimeSpan.FromSeconds(30));
    }

    [Fact]
    public void DevicesAndFoldersAreToldApart()
    {
        Assert.Equal(FileKind.Special, FileKinds.Of("/dev/null"));
        Assert.Equal(FileKind.Directory, FileKinds.Of("/"));
        Assert.Equal(FileKind.Missing, FileKinds.Of("/no/such/file"));
        Assert.Contains("device", Assert.Throws<IOException>(() => OutputFile.Check("/dev/null")).Message);
    }

    private static string[] Fill(string[] writer, string output, string flash, string work) =>
        writer.Select(a => a.Replace("{out}", output).Replace("{flash}", flash).Replace("{work}", work)).ToArray();

    internal static void MakeFifo(string path)
    {
        using var mkfifo = Process.Start("mkfifo", [path])!;
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
    }
}
