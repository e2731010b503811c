using Edge.Core.Storage;
using Edge.Host.Boards;
using Edge.Host.Cli;

namespace Edge.Host.Transfer;

/// <summary>
/// The old board of a transfer as far as it can be reached: its session (null when it is dead or away, with the
/// reason), and, when it has a model, who it is (<see cref="HarvestBoard"/>), its weights and its model settings.
/// Reaching it asks only HELLO, INFO and GET_WEIGHTS, which count no operations and change nothing.
/// </summary>
public sealed class OldBoard : IDisposable
{
    private readonly bool _reached;

    private OldBoard(BoardSession? session, string? unreachable)
    {
        Session = session;
        Unreachable = unreachable;
        _reached = session != null;
    }

    public BoardSession? Session { get; private set; }

    /// <summary>Why the board could not be reached (null when it was).</summary>
    public string? Unreachable { get; }

    /// <summary>Reached, but it holds no model.</summary>
    public bool HasNoModel => _reached && Identity == null;

    /// <summary>Why it has no model (and, with damaged flash, how to keep what is left), when it has none.</summary>
    public string? NoModel { get; private set; }

    public HarvestBoard? Identity { get; private set; }
    public short[]? Weights { get; private set; }
    /// <summary>The layers' weight exponents of <see cref="Weights"/>, packed (shared/Storage/WeightExponents.cs).</summary>
    public int WeightExponents { get; private set; }
    public ModelConfig? Config { get; private set; }

    /// <summary>Connects to <see cref="TransferPlan.From"/>; a board that does not answer is recorded, not thrown.</summary>
    public static OldBoard Reach(TransferPlan plan, Action<string> say)
    {
        BoardSession session;
        try
        {
            session = BoardSession.Open(plan.From, plan.FromFlashDirectory, plan.Timeout, plan.Login);
        }
        catch (CliException e) when (e is not UsageException)
        {
            return new OldBoard(null, e.Message);
        }
        session.Warn = say;
        var board = new OldBoard(session, null);
        try
        {
            var info = session.ReadInfo();
            var model = info.Model;
            if (model == null)
            {
                board.NoModel = info.DamagedSlots > 0 ? session.NoModel(info).Message : $"board {session.Target} has no model";
                return board;
            }
            int exponents = 0;
            board.Weights = session.Call(() => session.Client.GetWeights(out exponents));
            board.WeightExponents = exponents;
            board.Config = model.Config;
            board.Identity = HarvestBoard.Of(session.Hello.Profile, session.Hello.Serial, model.Generation, board.Weights, exponents);
            return board;
        }
        catch (CliException e)
        {
            board.Dispose();
            return new OldBoard(null, e.Message);
        }
    }

    /// <summary>Disconnects (an in-process board saves its wear); safe to call twice.</summary>
    public void Dispose()
    {
        Session?.Dispose();
        Session = null;
    }
}
