namespace Edge.Host.Cli;

/// <summary>
/// Progress through work of several stages (harvesting, then distilling): one <see cref="Progress"/> bar per stage,
/// a new one whenever the stage's label changes. <see cref="End"/> closes the current bar, e.g. before a line is said.
/// </summary>
public sealed class ProgressStages(CommandContext context) : IDisposable
{
    private Progress? _bar;
    private string? _label;

    public void Report(string label, long done, long total)
    {
        if (label != _label || _bar == null || _bar.Total != total)
        {
            End();
            _bar = context.StartProgress(label, total);
            _label = label;
        }
        _bar.Report(done);
    }

    public void End()
    {
        _bar?.Dispose();
        _bar = null;
        _label = null;
    }

    public void Dispose() => End();
}
