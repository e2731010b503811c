using System.Buffers;
using Edge.Host.Transport;
using MQTTnet;
using MQTTnet.Protocol;

namespace Edge.Host.Fleet;

/// <summary>
/// The host's live view of the fleet: every board's retained status (<c>edge/+/status</c>), kept up to date as
/// boards publish, and the host's channel for notes. A status that is not valid JSON is skipped and counted.
/// <see cref="TryReconnect"/> comes back after a broker restart (the warden's loop calls it).
/// </summary>
public sealed class FleetDirectory : IDisposable
{
    /// <summary>The retained burst after subscribing is over once nothing new arrived for this long.</summary>
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan MaxSettle = TimeSpan.FromSeconds(3);

    private readonly IMqttClient _client;
    private readonly MqttClientOptions _options;
    private readonly ulong _session = RequestId.NewSession();
    private ulong _count;
    private readonly object _gate = new();
    private readonly Dictionary<string, BoardStatus> _boards = new(StringComparer.Ordinal);
    private DateTime _lastArrival = DateTime.UtcNow;
    private bool _connected;

    private FleetDirectory(MqttBroker broker, MqttLogin login, IMqttClient client, MqttClientOptions options)
    {
        Broker = broker;
        Login = login;
        _client = client;
        _options = options;
    }

    public MqttBroker Broker { get; }
    public MqttLogin Login { get; }

    /// <summary>Status payloads that were not a board's status.</summary>
    public int Malformed { get; private set; }

    public bool IsConnected { get { lock (_gate) return _connected; } }

    /// <summary>Connects, subscribes to every board's status and waits for the retained ones.</summary>
    /// <exception cref="TransportException">One line naming the broker.</exception>
    public static FleetDirectory Open(MqttBroker broker, MqttLogin login)
    {
        MqttClientOptions options = MqttConnector.Options(broker, login, "edge-fleet-" + Guid.NewGuid().ToString("N")[..12], MqttConnector.DefaultKeepAlive).Build();
        IMqttClient client = MqttConnector.Connect(broker, login, options);
        var directory = new FleetDirectory(broker, login, client, options);
        client.ApplicationMessageReceivedAsync += directory.OnMessage;
        client.DisconnectedAsync += directory.OnDisconnected;
        try
        {
            directory.SubscribeAndSettle();
            return directory;
        }
        catch
        {
            directory.Dispose();
            throw;
        }
    }

    /// <summary>Every board seen, by id.</summary>
    public IReadOnlyList<BoardStatus> Boards
    {
        get { lock (_gate) return _boards.Values.OrderBy(b => b.Id, StringComparer.Ordinal).ToList(); }
    }

    public BoardStatus? this[string id]
    {
        get { lock (_gate) return _boards.GetValueOrDefault(id); }
    }

    /// <summary>Waits until <paramref name="condition"/> holds for a board's status (or the time is up).</summary>
    public BoardStatus? WaitFor(string id, Func<BoardStatus, bool> condition, TimeSpan wait)
    {
        DateTime deadline = DateTime.UtcNow + wait;
        lock (_gate)
        {
            while (true)
            {
                if (_boards.TryGetValue(id, out BoardStatus? s) && condition(s)) return s;
                TimeSpan left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero) return null;
                Monitor.Wait(_gate, left);
            }
        }
    }

    /// <summary>Publishes a note to board <paramref name="id"/> (host account only, see the ACL).</summary>
    public void PublishNote(string id, BoardNote note)
    {
        MqttApplicationMessage message = new MqttApplicationMessageBuilder()
            .WithTopic(FleetTopics.Note(id))
            .WithPayload(note.Completed(this[id]).ToJson())
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .WithRetainFlag(true)
            .WithCorrelationData(new RequestId(_session, Interlocked.Increment(ref _count)).ToBytes())
            .Build();
        if (!MqttConnector.TryPublish(_client, message, out string? refusal)) throw new TransportException($"note to board '{id}': {refusal}");
    }

    /// <summary>After the broker went away: one attempt to come back; false if it is still gone.</summary>
    public bool TryReconnect()
    {
        try
        {
            MqttConnector.ConnectClient(_client, Broker, Login, _options);
            SubscribeAndSettle();
            return true;
        }
        catch (Exception e) when (e is TransportException or MQTTnet.Exceptions.MqttCommunicationException or OperationCanceledException
                                  or System.Net.Sockets.SocketException or IOException)
        {
            return false;
        }
    }

    private void SubscribeAndSettle()
    {
        lock (_gate) _connected = true;
        MqttConnector.Subscribe(_client, Broker, FleetTopics.AllStatus);
        MqttConnector.Ping(_client);
        DateTime giveUp = DateTime.UtcNow + MaxSettle;
        lock (_gate)
        {
            _lastArrival = DateTime.UtcNow;
            while (DateTime.UtcNow < giveUp && DateTime.UtcNow - _lastArrival < Quiet) Monitor.Wait(_gate, Quiet);
        }
    }

    private Task OnMessage(MqttApplicationMessageReceivedEventArgs e)
    {
        string? id = FleetTopics.IdOf(e.ApplicationMessage.Topic, "status");
        if (id == null) return Task.CompletedTask;
        BoardStatus? status = e.ApplicationMessage.Payload.Length > BoardNote.MaxBytes * 8 ? null
            : BoardStatus.TryParse(e.ApplicationMessage.Payload.ToArray(), out _);
        lock (_gate)
        {
            _lastArrival = DateTime.UtcNow;
            if (status == null || status.Id != id) Malformed++;
            else _boards[id] = status;
            Monitor.PulseAll(_gate);
        }
        return Task.CompletedTask;
    }

    private Task OnDisconnected(MqttClientDisconnectedEventArgs e)
    {
        lock (_gate)
        {
            _connected = false;
            Monitor.PulseAll(_gate);
        }
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _client.DisconnectedAsync -= OnDisconnected;
        MqttConnector.Disconnect(_client);
    }
}
