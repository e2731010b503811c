using System.Buffers;
using Edge.Host.Targets;
using Edge.Host.Transport;
using MQTTnet;
using MQTTnet.Protocol;

namespace Edge.Host.Fleet;

/// <summary>
/// The host's byte stream to one board through the broker (<c>mqtt://HOST[:PORT]/BOARD-ID</c>). Each Write (the
/// protocol client writes one frame at a time) is published on <c>edge/ID/req</c> with QoS 1 and a fresh
/// <see cref="RequestId"/>; Read returns the frames the board answered on <c>edge/ID/resp</c> with this client's
/// session, dropping other hosts' answers and payloads that are not one frame. Opening checks the board's retained
/// status, so an unknown or offline id fails at once, naming the id; a board that goes offline (its Last Will) or
/// a broker that goes away ends the stream (<see cref="TransportClosedException"/>).
/// </summary>
public sealed class MqttTransport : IByteTransport
{
    /// <summary>How long opening waits for the board's retained status after the broker's round trip.</summary>
    private static readonly TimeSpan StatusGrace = TimeSpan.FromMilliseconds(250);

    private readonly IMqttClient _client;
    private readonly MqttTarget _target;
    private readonly ulong _session = RequestId.NewSession();
    private ulong _count;
    private readonly object _gate = new();
    private readonly Queue<byte[]> _answers = new();
    private byte[]? _current;
    private int _currentOffset;
    private string? _lost;
    private BoardStatus? _status;
    private int _disposed;

    private MqttTransport(IMqttClient client, MqttTarget target)
    {
        _client = client;
        _target = target;
    }

    public string Peer => _target.ToString();

    /// <summary>The board's last status seen on the broker.</summary>
    public BoardStatus? Status { get { lock (_gate) return _status; } }

    /// <summary>Answers dropped because they were not one frame.</summary>
    public long DroppedPayloads { get; private set; }

    /// <exception cref="TransportException">One line: broker unreachable or refusing, or the board unknown or offline (naming its id).</exception>
    public static MqttTransport Connect(MqttTarget target, MqttLogin login)
    {
        MqttClientOptions options = MqttConnector.Options(target.Broker, login, "edge-host-" + Guid.NewGuid().ToString("N")[..12],
            MqttConnector.DefaultKeepAlive).Build();
        IMqttClient client = MqttConnector.Connect(target.Broker, login, options);
        var transport = new MqttTransport(client, target);
        try
        {
            client.ApplicationMessageReceivedAsync += transport.OnMessage;
            client.DisconnectedAsync += transport.OnDisconnected;
            MqttConnector.Subscribe(client, target.Broker, FleetTopics.Response(target.BoardId), FleetTopics.Status(target.BoardId));
            MqttConnector.Ping(client);
            BoardStatus? status = transport.WaitForStatus(StatusGrace);
            string id = target.BoardId;
            if (status == null)
                throw new TransportException($"no board '{id}' on {target.Broker}: nothing on {FleetTopics.Status(id)} (serve it with `edge board run ... --mqtt {target.Broker} --id {id}`)");
            if (!status.Online)
                throw new TransportException($"board '{id}' on {target.Broker} is offline{(status.Alive ? "" : " (it reached its end of life)")}{(status.Updated is DateTime t ? " since " + t.ToString("u") : "")}");
            return transport;
        }
        catch
        {
            transport.Dispose();
            throw;
        }
    }

    public void Write(byte[] buffer, int offset, int count)
    {
        PipeTransport.CheckRange(buffer, offset, count);
        ThrowIfLost();
        byte[] payload = buffer.AsSpan(offset, count).ToArray();
        if (!MqttConnector.TryPublish(_client, Message(FleetTopics.Request(_target.BoardId), payload), out string? refusal))
            throw new TransportClosedException($"{Peer}: {refusal}");
    }

    public int Read(byte[] buffer, int offset, int count, TimeSpan timeout)
    {
        PipeTransport.CheckRange(buffer, offset, count);
        if (count == 0) return 0;
        DateTime deadline = timeout == Timeout.InfiniteTimeSpan ? DateTime.MaxValue : DateTime.UtcNow + timeout;
        lock (_gate)
        {
            while (_current == null)
            {
                if (_answers.TryDequeue(out byte[]? next)) { _current = next; _currentOffset = 0; break; }
                if (_lost != null) throw new TransportClosedException($"{Peer}: {_lost}");
                TimeSpan left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero) return 0;
                Monitor.Wait(_gate, left > TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : left);
            }
            int n = Math.Min(count, _current.Length - _currentOffset);
            Buffer.BlockCopy(_current, _currentOffset, buffer, offset, n);
            _currentOffset += n;
            if (_currentOffset == _current.Length) _current = null;
            return n;
        }
    }

    /// <summary>Tells the board something to keep in its status (<see cref="BoardNote"/>).</summary>
    public void PublishNote(BoardNote note)
    {
        ThrowIfLost();
        MqttApplicationMessage message = Message(FleetTopics.Note(_target.BoardId), note.Completed(Status).ToJson());
        message.Retain = true;
        if (!MqttConnector.TryPublish(_client, message, out string? refusal))
            throw new TransportException($"{Peer}: {refusal}");
    }

    private MqttApplicationMessage Message(string topic, byte[] payload) => new MqttApplicationMessageBuilder()
        .WithTopic(topic)
        .WithPayload(payload)
        .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
        .WithCorrelationData(new RequestId(_session, Interlocked.Increment(ref _count)).ToBytes())
        .Build();

    private Task OnMessage(MqttApplicationMessageReceivedEventArgs e)
    {
        MqttApplicationMessage message = e.ApplicationMessage;
        byte[] payload = message.Payload.ToArray();
        if (message.Topic == FleetTopics.Status(_target.BoardId))
        {
            BoardStatus? status = BoardStatus.TryParse(payload, out _);
            lock (_gate)
            {
                if (status == null || status.Id != _target.BoardId) return Task.CompletedTask;
                _status = status;
                if (!status.Online && _lost == null)
                    _lost = status.Alive ? $"board '{_target.BoardId}' went offline" : $"board '{_target.BoardId}' reached its end of life";
                Monitor.PulseAll(_gate);
            }
            return Task.CompletedTask;
        }
        // Only answers to this client's own requests: the board echoes our session in the correlation data.
        if (!RequestId.TryRead(message.CorrelationData, out RequestId id) || id.Session != _session) return Task.CompletedTask;
        if (FramePayload.Problem(payload) != null) { DroppedPayloads++; return Task.CompletedTask; }
        lock (_gate)
        {
            _answers.Enqueue(payload);
            Monitor.PulseAll(_gate);
        }
        return Task.CompletedTask;
    }

    private Task OnDisconnected(MqttClientDisconnectedEventArgs e)
    {
        lock (_gate)
        {
            _lost ??= $"connection to the broker {_target.Broker} lost" + (e.Exception != null ? ": " + e.Exception.Message : "");
            Monitor.PulseAll(_gate);
        }
        return Task.CompletedTask;
    }

    private BoardStatus? WaitForStatus(TimeSpan grace)
    {
        DateTime deadline = DateTime.UtcNow + grace;
        lock (_gate)
        {
            while (_status == null && DateTime.UtcNow < deadline) Monitor.Wait(_gate, TimeSpan.FromMilliseconds(20));
            return _status;
        }
    }

    private void ThrowIfLost()
    {
        lock (_gate)
        {
            if (_lost != null && _answers.Count == 0 && _current == null) throw new TransportClosedException($"{Peer}: {_lost}");
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _client.DisconnectedAsync -= OnDisconnected;
        MqttConnector.Disconnect(_client);
        lock (_gate)
        {
            _lost ??= "closed";
            Monitor.PulseAll(_gate);
        }
    }

    public override string ToString() => Peer;
}
