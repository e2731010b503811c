namespace Edge.Tests.Transport;

/// <summary>
/// A dedicated background thread for blocking work in tests (thread-pool tasks can be starved when the
/// tests themselves block pool threads on a 2-core machine). Join rethrows what the work threw.
/// </summary>
internal sealed class WorkerThread : IDisposable
{
    private readonly Thread _thread;
    private Exception? _failure;

    public WorkerThread(Action work)
    {
        _thread = new Thread(() =>
        {
            try { work(); }
            catch (Exception e) { _failure = e; }
        }) { IsBackground = true, Name = "test worker" };
        _thread.Start();
    }

    public void Join(TimeSpan? timeout = null)
    {
        if (!_thread.Join(timeout ?? TimeSpan.FromSeconds(30))) throw new TimeoutException("worker thread did not finish");
        if (_failure != null) throw new AggregateException("worker thread failed", _failure);
    }

    /// <summary>Waits for the work and returns what it threw (fails the test if it threw nothing).</summary>
    public Exception JoinExpectingFailure(TimeSpan? timeout = null)
    {
        if (!_thread.Join(timeout ?? TimeSpan.FromSeconds(30))) throw new TimeoutException("worker thread did not finish");
        return _failure ?? throw new InvalidOperationException("worker thread was expected to fail but did not");
    }

    /// <summary>Background thread: a test that failed early does not keep the test host alive.</summary>
    public void Dispose() { }
}
