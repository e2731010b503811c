using System.Runtime.InteropServices;

namespace Edge.Host.Files;

/// <summary>What a path names once symlinks are followed: nothing, a regular file, a directory, or something else.</summary>
public enum FileKind
{
    Missing,
    Regular,
    Directory,
    /// <summary>A character or block device, a FIFO or a socket: never replaced, never read as if it had a size.</summary>
    Special,
}

/// <summary>Asks the OS for a path's file type (statx on Linux; .NET's view elsewhere, which cannot tell devices apart).</summary>
public static class FileKinds
{
    private const int AtFdCwd = -100;
    private const uint StatxType = 0x1;
    private const int ModeOffset = 28;          // stx_mode in struct statx: the same on every Linux architecture
    private const int TypeMask = 0xF000, RegularType = 0x8000, DirectoryType = 0x4000;

    [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
    private static extern int Statx(int dirfd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, byte[] buffer);

    /// <summary>The kind of <paramref name="path"/>, following symlinks (a dangling one is Missing).</summary>
    public static FileKind Of(string path)
    {
        if (OperatingSystem.IsLinux())
        {
            try
            {
                var buffer = new byte[256];
                if (Statx(AtFdCwd, path, 0, StatxType, buffer) != 0) return Directory.Exists(path) ? FileKind.Directory : FileKind.Missing;
                int mode = BitConverter.ToUInt16(buffer, ModeOffset) & TypeMask;
                return mode == RegularType ? FileKind.Regular : mode == DirectoryType ? FileKind.Directory : FileKind.Special;
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException) { }
        }
        if (Directory.Exists(path)) return FileKind.Directory;
        return File.Exists(path) ? FileKind.Regular : FileKind.Missing;
    }

    /// <summary>"a directory", "a device, FIFO or socket": how messages name a kind.</summary>
    public static string Describe(FileKind kind) => kind switch
    {
        FileKind.Directory => "a directory",
        FileKind.Special => "a device, FIFO or socket",
        FileKind.Missing => "missing",
        _ => "a regular file",
    };
}
