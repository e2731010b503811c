namespace Edge.Host.Files;

/// <summary>
/// The one way edge writes a file the user named (<c>--out</c>, <c>--plot</c>, the harvest cache and its
/// <c>.weights</c>): a symlink is followed to its target; only a regular file (or a new path) is replaced, never a
/// directory, device, FIFO or socket; the bytes go to a temporary file in the target's folder, reach the disk, and
/// are renamed over the target, so a failure leaves the old file or none, never half of one. Every problem is an
/// <see cref="IOException"/> whose one line names the path.
/// </summary>
public static class OutputFile
{
    /// <summary>
    /// Checks that <paramref name="path"/> can be written (before long work, so a bad path fails at once) and
    /// returns the path that will be written: the final target of a symlink, made absolute.
    /// </summary>
    public static string Check(string path)
    {
        if (string.IsNullOrWhiteSpace(path)) throw new IOException("no output file named");
        string target = FinalTarget(path);
        FileKind kind = FileKinds.Of(target);
        if (kind is FileKind.Directory or FileKind.Special)
            throw new IOException($"cannot write {path}: it is {FileKinds.Describe(kind)}; edge replaces only regular files");
        string folder = Path.GetDirectoryName(target)!;
        if (FileKinds.Of(folder) != FileKind.Directory)
            throw new IOException($"cannot write {path}: folder {folder} does not exist");
        string probe = TemporaryPath(target);
        try
        {
            using (File.Create(probe)) { }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"cannot write {path}: folder {folder} is not writable ({e.Message})", e);
        }
        finally
        {
            TryDelete(probe);
        }
        return target;
    }

    public static void Write(string path, byte[] bytes) => Write(path, stream => stream.Write(bytes));

    /// <summary>Writes what <paramref name="write"/> puts in the stream to <paramref name="path"/>, all or nothing.</summary>
    public static void Write(string path, Action<Stream> write)
    {
        string target = Check(path);
        string temporary = TemporaryPath(target);
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            if (!OperatingSystem.IsWindows() && FileKinds.Of(target) == FileKind.Regular)
                File.SetUnixFileMode(temporary, File.GetUnixFileMode(target));   // a replaced file keeps its permissions
            File.Move(temporary, target, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(temporary);
            throw new IOException($"cannot write {path}: {e.Message}", e);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    /// <summary>The absolute path a write lands on: a symlink's final target (even one that does not exist yet).</summary>
    private static string FinalTarget(string path)
    {
        string full = Path.GetFullPath(path);
        try
        {
            if (new FileInfo(full).LinkTarget == null) return full;   // not a symlink (or nothing there yet)
            FileSystemInfo? link = File.ResolveLinkTarget(full, returnFinalTarget: true);
            return link == null ? full : Path.GetFullPath(link.FullName);
        }
        catch (IOException e)
        {
            throw new IOException($"cannot write {path}: {e.Message}", e);
        }
    }

    private static string TemporaryPath(string target) =>
        Path.Combine(Path.GetDirectoryName(target)!, $".{Path.GetFileName(target)}.{Environment.ProcessId}-{Guid.NewGuid():N}.tmp");

    private static void TryDelete(string path)
    {
        try { File.Delete(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }
}
