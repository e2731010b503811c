using Edge.Host.Targets;

namespace Edge.Host.Fleet;

/// <summary>How a fleet board's knowledge moves to a spare: `edge transfer`'s settings, passed through.</summary>
/// <param name="ExtraWords">Options passed on as they are: the MQTT login, --data-dir.</param>
public sealed record RetirementPlan(string Data, string? Epochs, string? Temperature, string CacheDirectory, string Timeout, IReadOnlyList<string> ExtraWords);

/// <summary>
/// Retires a fleet board: `edge transfer --from mqtt://B/OLD --to mqtt://B/SPARE --measure-old` through the broker (the
/// spare's status then names the model it carries; the old board's test accuracy is measured for the report), then a note marks the old board retired to the spare. The harvest
/// cache lives in the plan's folder, so a retirement cut short (a broker restart, a dropped board) resumes.
/// </summary>
public static class Retirement
{
    public static BoardRun Run(FleetDirectory directory, string oldId, string spareId, RetirementPlan plan, CancellationToken cancellation)
    {
        MqttBroker broker = directory.Broker;
        List<string> args = ["transfer", "--from", new MqttTarget(broker, oldId).ToString(), "--to", new MqttTarget(broker, spareId).ToString(),
                             "--data", plan.Data, "--cache", Path.Combine(plan.CacheDirectory, $"retire-{oldId}.harvest"),
                             "--timeout", plan.Timeout, "--measure-old", .. plan.ExtraWords];
        if (plan.Epochs != null) args.AddRange(["--epochs", plan.Epochs]);
        if (plan.Temperature != null) args.AddRange(["--temperature", plan.Temperature]);
        BoardRun run = FleetRunner.RunOne(oldId, args, cancellation);
        if (!run.Ok) return run;
        try
        {
            directory.PublishNote(oldId, new BoardNote { Retired = true, RetiredTo = spareId });
        }
        catch (Transport.TransportException e)
        {
            return run with { Error = $"transferred to {spareId}, but the retired mark did not reach {oldId}: {e.Message}" };
        }
        return run;
    }
}
