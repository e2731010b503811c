using System.Diagnostics;
using System.Text.Json;
using Edge.Host.Fleet;
using Edge.Tests.Commands;
using MQTTnet;
using MQTTnet.Protocol;

namespace Edge.Tests.Fleet;

/// <summary>Small helpers of the broker tests: fleet commands in this process, a raw MQTT client, waiting.</summary>
internal static class FleetTestKit
{
    /// <summary>A command with --json that must succeed; its per-board lines on stderr are allowed.</summary>
    public static JsonElement Json(params string[] args)
    {
        var (code, stdout, stderr) = EdgeRunner.Run([.. args, "--json"]);
        Assert.True(code == 0, $"edge {string.Join(' ', args)} failed ({code}): {stderr}");
        return JsonDocument.Parse(stdout).RootElement.Clone();
    }

    public static Dictionary<string, JsonElement> BoardsOf(JsonElement result) =>
        result.GetProperty("boards").EnumerateArray().ToDictionary(b => b.GetProperty("id").GetString()!);

    /// <summary>The status of every board, read the way `edge fleet list` reads it.</summary>
    public static IReadOnlyList<BoardStatus> Statuses(MosquittoBroker broker)
    {
        using FleetDirectory directory = FleetDirectory.Open(MqttBroker.Parse(broker.Url), HostLogin(broker));
        return directory.Boards;
    }

    public static MqttLogin HostLogin(MosquittoBroker broker) =>
        broker.Authenticated ? new MqttLogin(MosquittoBroker.HostUser, MosquittoBroker.Password, null) : MqttLogin.Anonymous;

    public static string[] HostOptions(MosquittoBroker broker) =>
        broker.Authenticated ? ["--user", MosquittoBroker.HostUser, "--password-file", broker.PasswordFile] : [];

    /// <summary>A bare MQTT 5 client, for sending what edge itself never would.</summary>
    public static IMqttClient RawClient(MosquittoBroker broker, string? user = null, string? password = null)
    {
        var options = new MqttClientOptionsBuilder()
            .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500)
            .WithTcpServer("127.0.0.1", broker.Port)
            .WithClientId("test-" + Guid.NewGuid().ToString("N")[..8]);
        if (user != null) options.WithCredentials(user, password);
        IMqttClient client = new MqttClientFactory().CreateMqttClient();
        MqttClientConnectResult result = client.ConnectAsync(options.Build()).GetAwaiter().GetResult();
        if (result.ResultCode != MqttClientConnectResultCode.Success)
        {
            client.Dispose();
            throw new InvalidOperationException("the broker refused the connection: " + result.ResultCode);
        }
        return client;
    }

    /// <summary>Publishes with QoS 1; the broker's reason code (NotAuthorized when its ACL refused it).</summary>
    public static MqttClientPublishReasonCode Publish(IMqttClient client, string topic, byte[] payload, RequestId? id)
    {
        var message = new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce);
        if (id is { } requestId) message.WithCorrelationData(requestId.ToBytes());
        return client.PublishAsync(message.Build()).GetAwaiter().GetResult().ReasonCode;
    }

    public static T WaitUntil<T>(Func<T> read, Func<T, bool> done, TimeSpan wait, string what)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            T value = read();
            if (done(value)) return value;
            if (watch.Elapsed > wait) Assert.Fail($"{what}: not within {wait.TotalSeconds} s");
            Thread.Sleep(50);
        }
    }
}
