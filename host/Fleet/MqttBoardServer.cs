using System.Buffers;
using Edge.Core.Protocol;
using Edge.Host.Cli;
using Edge.Host.Device;
using Edge.Host.Targets;
using Edge.Host.Transport;
using MQTTnet;
using MQTTnet.Protocol;

namespace Edge.Host.Fleet;

/// <summary>How a board server reaches the broker.</summary>
public sealed record MqttBoardSettings(MqttBroker Broker, MqttLogin Login, TimeSpan KeepAlive);

/// <summary>
/// Serves one board's firmware endpoint through the broker as <c>edge/ID/...</c> (docs/fleet.md): every request
/// frame on <c>req</c> that is one good frame with a fresh <see cref="RequestId"/> is executed and its answer
/// published on <c>resp</c> with the same correlation data; anything else is dropped with the reason logged and the
/// board keeps serving. Keeps its retained <c>status</c> up to date (after work at most once a second, and at least
/// every keepalive as a heartbeat) under a Last Will that marks it offline, takes the host's notes into it, and
/// reconnects when the broker goes away. All MQTT work and every firmware call happen on the thread of
/// <see cref="Run"/>; MQTTnet's callbacks only queue.
/// </summary>
public sealed class MqttBoardServer : IDisposable
{
    /// <summary>Messages waiting beyond this are dropped (a flood must not eat the gateway's memory).</summary>
    public const int InboxCapacity = 256;
    private static readonly TimeSpan StatusInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan RetainedGrace = TimeSpan.FromMilliseconds(250);

    private readonly string _id;
    private readonly IFirmwareEndpoint _endpoint;
    private readonly Func<bool> _isAlive;
    private readonly MqttBoardSettings _settings;
    private readonly Action<string> _log;
    private readonly BoardStatusProbe _probe;
    private readonly ReplayGuard _replays = new();
    private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();
    private readonly string _instance = Guid.NewGuid().ToString("N")[..12];
    private readonly object _gate = new();
    private readonly Queue<Inbound> _inbox = new();
    private readonly AnswerBytes _answer = new();
    private BoardStatus _status;
    private DateTime _lastStatus = DateTime.MinValue;
    private bool _statusDirty;
    private bool _connected;
    private int _disposed;

    public MqttBoardServer(string id, IFirmwareEndpoint endpoint, Func<bool> isAlive, Func<BoardWear?>? wear,
                           MqttBoardSettings settings, Action<string> log)
    {
        if (!BoardId.IsValid(id)) throw new UsageException($"board id '{id}' is not {BoardId.Rule}");
        _id = id;
        _endpoint = endpoint ?? throw new ArgumentNullException(nameof(endpoint));
        _isAlive = isAlive;
        _settings = settings;
        _log = log;
        _probe = new BoardStatusProbe(endpoint, wear, TimeSpan.FromSeconds(5));
        _status = new BoardStatus { Id = id, Instance = _instance };
        _client.ApplicationMessageReceivedAsync += OnMessage;
        _client.DisconnectedAsync += OnDisconnected;
    }

    public string Id => _id;

    /// <summary>The status last published.</summary>
    public BoardStatus Status => _status;

    /// <summary>
    /// Goes online: connects, refuses to run if another live process serves this id, keeps the host's notes from
    /// the board's previous status, subscribes and publishes the status.
    /// </summary>
    /// <exception cref="CliException">One line: the broker is down or refuses us, or the id is taken.</exception>
    public void Start()
    {
        RefreshStatus();
        try
        {
            Connect();
            MqttConnector.Subscribe(_client, _settings.Broker, FleetTopics.Status(_id));
            MqttConnector.Ping(_client);
            BoardStatus? previous = WaitForOtherStatus(null, RetainedGrace);
            if (previous is { Online: true })
            {
                // A live process refreshes its status at least every keepalive; a dead one's Last Will is on its way.
                BoardStatus? newer = WaitForOtherStatus(previous, _settings.KeepAlive + TimeSpan.FromSeconds(1));
                if (newer is { Online: true })
                    throw new CliException($"board id '{_id}' is already online on {_settings.Broker} (another `edge board run` serves it, instance {newer.Instance}): choose another --id");
            }
            if (previous != null && previous.Profile == _status.Profile && previous.Serial == _status.Serial)
                _status = _status with
                {
                    TestAccuracy = previous.TestAccuracy, Data = previous.Data, Model = previous.Model,
                    Retired = previous.Retired, RetiredTo = previous.RetiredTo,
                };
            MqttConnector.Subscribe(_client, _settings.Broker, FleetTopics.Request(_id), FleetTopics.Note(_id));
            PublishStatus();
        }
        catch (TransportException e)
        {
            throw new CliException($"board {_id}: {e.Message}", inner: e);
        }
    }

    /// <summary>Serves until cancelled or the board's end of life, then leaves a final offline status.</summary>
    public ServeOutcome Run(CancellationToken cancellation)
    {
        var backoff = TimeSpan.FromMilliseconds(250);
        while (true)
        {
            if (!_isAlive())
            {
                _log("reached its end of life; offline");
                Leave(alive: false);
                return ServeOutcome.EndOfLife;
            }
            if (cancellation.IsCancellationRequested)
            {
                Leave(alive: true);
                return ServeOutcome.Cancelled;
            }
            if (!IsConnected && !TryReconnect(ref backoff, cancellation)) continue;
            Inbound? message = Take(TimeSpan.FromMilliseconds(100));
            try
            {
                if (message != null) Handle(message);
                if ((_statusDirty && DateTime.UtcNow - _lastStatus >= StatusInterval) || DateTime.UtcNow - _lastStatus >= _settings.KeepAlive)
                    PublishStatus();
            }
            catch (TransportException e) when (e is not TransportClosedException)
            {
                _log("broker: " + e.Message);
            }
        }
    }

    private bool IsConnected
    {
        get { lock (_gate) return _connected; }
    }

    /// <summary>A message as received, copied out of MQTTnet's buffers.</summary>
    private sealed record Inbound(string Topic, byte[] Payload, byte[]? CorrelationData, bool Retained);

    private void Handle(Inbound message)
    {
        string topic = message.Topic;
        byte[] payload = message.Payload;
        if (topic == FleetTopics.Status(_id))
        {
            OnOwnStatusTopic(payload);
            return;
        }
        bool isNote = topic == FleetTopics.Note(_id);
        if (!isNote && topic != FleetTopics.Request(_id)) return;
        byte type = 0;
        string? problem = isNote ? null : FramePayload.Problem(payload, out type);
        BoardNote? note = isNote ? BoardNote.TryParse(payload, out problem) : null;
        if (problem == null)
        {
            if (!RequestId.TryRead(message.CorrelationData, out RequestId id)) problem = "message without a 16-byte request id in its correlation data";
            else _replays.TryAccept(id, out problem);
        }
        if (problem != null)
        {
            // the retained note comes again on every reconnect: already taken, nothing to report
            if (isNote && message.Retained && problem.StartsWith("replayed", StringComparison.Ordinal)) return;
            _log($"dropped a message on {topic}: {problem}");
            return;
        }
        if (note != null)
        {
            _status = note.ApplyTo(_status);
            PublishStatus();
            return;
        }
        _answer.Clear();
        _endpoint.Receive(payload, 0, payload.Length, _answer);
        _status = _status with { Requests = _status.Requests + 1 };
        // A new model voids what the host noted about the old one.
        if (type == MessageType.Configure) _status = _status with { TestAccuracy = null, Data = null, Model = null };
        _statusDirty = true;
        PublishAnswers(message.CorrelationData!);
    }

    /// <summary>Each answer frame is its own message, carrying the request's id back.</summary>
    private void PublishAnswers(byte[] correlation)
    {
        byte[] all = _answer.ToArray();
        int start = 0;
        for (int i = 0; i < all.Length; i++)
        {
            if (all[i] != 0) continue;
            if (i > start)
            {
                var answer = new MqttApplicationMessageBuilder()
                    .WithTopic(FleetTopics.Response(_id))
                    .WithPayload(all.AsSpan(start, i + 1 - start).ToArray())
                    .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                    .WithCorrelationData(correlation)
                    .Build();
                if (!MqttConnector.TryPublish(_client, answer, out string? refusal)) _log("answer lost: " + refusal);
            }
            start = i + 1;
        }
    }

    /// <summary>Another process's status on our topic: a stale Last Will is overwritten; a live rival is reported.</summary>
    private void OnOwnStatusTopic(byte[] payload)
    {
        BoardStatus? other = BoardStatus.TryParse(payload, out _);
        if (other == null || other.Instance == _instance) return;
        if (other.Online) _log($"another process (instance {other.Instance}) claims board id '{_id}'");
        else PublishStatus();
    }

    private void RefreshStatus()
    {
        try
        {
            _status = _probe.Refresh(_status);
        }
        catch (DeviceException e)
        {
            _log("cannot read the board's state for its status: " + e.Message);
        }
    }

    private void PublishStatus()
    {
        RefreshStatus();
        _status = _status with { Online = true, Alive = _isAlive() };
        _statusDirty = false;
        _lastStatus = DateTime.UtcNow;
        if (!MqttConnector.TryPublish(_client, StatusMessage(_status), out string? refusal)) _log("status not published: " + refusal);
    }

    private static MqttApplicationMessage StatusMessage(BoardStatus status) => new MqttApplicationMessageBuilder()
        .WithTopic(FleetTopics.Status(status.Id))
        .WithPayload(status.ToJson())
        .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
        .WithRetainFlag(true)
        .WithContentType("application/json")
        .Build();

    private void Connect()
    {
        BoardStatus will = _status with { Online = false, Updated = DateTime.UtcNow };
        MqttClientOptions options = MqttConnector.Options(_settings.Broker, _settings.Login, "edge-board-" + _id + "-" + _instance, _settings.KeepAlive)
            .WithWillTopic(FleetTopics.Status(_id))
            .WithWillPayload(will.ToJson())
            .WithWillRetain(true)
            .WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .WithWillContentType("application/json")
            .Build();
        MqttConnector.ConnectClient(_client, _settings.Broker, _settings.Login, options);
        lock (_gate) _connected = true;
    }

    private bool TryReconnect(ref TimeSpan backoff, CancellationToken cancellation)
    {
        try
        {
            Connect();
            MqttConnector.Subscribe(_client, _settings.Broker, FleetTopics.Status(_id), FleetTopics.Request(_id), FleetTopics.Note(_id));
            PublishStatus();
            _log($"back on {_settings.Broker}");
            backoff = TimeSpan.FromMilliseconds(250);
            return true;
        }
        catch (TransportException)
        {
            cancellation.WaitHandle.WaitOne(backoff);
            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
            return false;
        }
    }

    /// <summary>The last word: an offline status published by us (fresher than the Last Will), then a clean goodbye.</summary>
    private void Leave(bool alive)
    {
        if (!IsConnected) return;
        RefreshStatus();
        _status = _status with { Online = false, Alive = alive, Updated = DateTime.UtcNow };
        MqttConnector.TryPublish(_client, StatusMessage(_status), out _);
        lock (_gate) _connected = false;
        _client.DisconnectedAsync -= OnDisconnected;
        MqttConnector.Disconnect(_client);
    }

    private BoardStatus? WaitForOtherStatus(BoardStatus? after, TimeSpan wait)
    {
        DateTime deadline = DateTime.UtcNow + wait;
        lock (_gate)
        {
            while (true)
            {
                while (_inbox.TryDequeue(out Inbound? m))
                {
                    if (m.Topic != FleetTopics.Status(_id)) continue;
                    BoardStatus? s = BoardStatus.TryParse(m.Payload, out _);
                    if (s != null && s.Instance != _instance && (after == null || s.Instance == after.Instance)) return s;
                }
                TimeSpan left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero) return null;
                Monitor.Wait(_gate, left);
            }
        }
    }

    private Inbound? Take(TimeSpan wait)
    {
        lock (_gate)
        {
            if (_inbox.Count == 0) Monitor.Wait(_gate, wait);
            return _inbox.TryDequeue(out Inbound? m) ? m : null;
        }
    }

    private Task OnMessage(MqttApplicationMessageReceivedEventArgs e)
    {
        MqttApplicationMessage m = e.ApplicationMessage;
        // Oversized payloads are refused before they are copied (the broker already stops anything over MaxPacketSize).
        byte[] payload = m.Payload.Length > MqttConnector.MaxPacketSize ? [] : m.Payload.ToArray();
        bool dropped;
        lock (_gate)
        {
            dropped = _inbox.Count >= InboxCapacity;
            if (!dropped)
            {
                _inbox.Enqueue(new Inbound(m.Topic, payload, m.CorrelationData, m.Retain));
                Monitor.PulseAll(_gate);
            }
        }
        if (dropped) _log($"dropped a message on {e.ApplicationMessage.Topic}: more than {InboxCapacity} waiting");
        return Task.CompletedTask;
    }

    private Task OnDisconnected(MqttClientDisconnectedEventArgs e)
    {
        bool was;
        lock (_gate)
        {
            was = _connected;
            _connected = false;
            Monitor.PulseAll(_gate);
        }
        if (was) _log($"lost the broker {_settings.Broker}; reconnecting");
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _client.DisconnectedAsync -= OnDisconnected;
        MqttConnector.Disconnect(_client);
        _probe.Dispose();
    }

    /// <summary>The firmware's answer to one request, collected for one MQTT publish.</summary>
    private sealed class AnswerBytes : List<byte>, Edge.Core.Hardware.IByteSink
    {
        public void Write(byte[] buffer, int offset, int count) => AddRange(new ArraySegment<byte>(buffer, offset, count));
    }
}
