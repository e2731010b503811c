using Edge.Host.Fleet;

namespace Edge.Host.Targets;

/// <summary>A board reached through an MQTT broker: <c>mqtt://HOST[:PORT]/BOARD-ID</c> (see docs/fleet.md).</summary>
public sealed record MqttTarget(MqttBroker Broker, string BoardId) : Target
{
    public const string Scheme = MqttBroker.Scheme;

    public override string ToString() => Broker + "/" + BoardId;

    internal static MqttTarget? TryParseRest(string rest, out string? problem)
    {
        int slash = rest.IndexOf('/');
        if (slash < 0) { problem = "the board id is missing (mqtt://HOST[:PORT]/BOARD-ID)"; return null; }
        string id = rest[(slash + 1)..];
        if (!Fleet.BoardId.IsValid(id)) { problem = $"board id '{id}' is not {Fleet.BoardId.Rule}"; return null; }
        MqttBroker? broker = MqttBroker.TryParseAuthority(rest[..slash], out problem);
        return broker == null ? null : new MqttTarget(broker, id);
    }
}
