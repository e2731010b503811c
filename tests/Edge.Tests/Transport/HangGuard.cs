namespace Edge.Tests.Transport;

/// <summary>
/// Runs a test body that does blocking I/O on its own background thread and fails the test if it does not
/// finish in time, so a stuck socket, pty or pipe shows up as one failed test instead of a hung test run.
/// </summary>
internal static class HangGuard
{
    public static readonly TimeSpan DefaultLimit = TimeSpan.FromSeconds(30);

    public static void Run(Action body, TimeSpan? limit = null)
    {
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try { body(); }
            catch (Exception e) { failure = e; }
        }) { IsBackground = true, Name = "guarded test body" };
        thread.Start();
        TimeSpan wait = limit ?? DefaultLimit;
        if (!thread.Join(wait)) throw new TimeoutException($"test body still running after {wait.TotalSeconds} s (hung)");
        if (failure != null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();
    }
}
