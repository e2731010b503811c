using Edge.Host.Cli;

namespace Edge.Host;

public static class Program
{
    public static int Main(string[] args)
    {
        using var cancellation = new CancellationTokenSource();
        // First Ctrl+C asks the running command to stop cleanly; a second one kills the process.
        Console.CancelKeyPress += (_, e) =>
        {
            if (cancellation.IsCancellationRequested) return;
            e.Cancel = true;
            cancellation.Cancel();
        };
        return CliApp.ForConsole(cancellation.Token).Run(args);
    }
}
