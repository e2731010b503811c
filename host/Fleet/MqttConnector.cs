using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Edge.Host.Transport;
using MQTTnet;
using MQTTnet.Adapter;
using MQTTnet.Exceptions;
using MQTTnet.Formatter;

namespace Edge.Host.Fleet;

/// <summary>
/// Builds and opens the MQTT 5 connections of Edge (MQTTnet): the host's and the boards'. Every failure to
/// connect becomes one <see cref="TransportException"/> line naming the broker: not running, refused credentials,
/// not authorized, TLS trouble, no answer in time.
/// </summary>
public static class MqttConnector
{
    public static readonly TimeSpan DefaultKeepAlive = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Largest packet a board accepts: the broker drops bigger ones before they reach it.</summary>
    public const uint MaxPacketSize = 64 * 1024;

    /// <summary>MQTT 5 options for <paramref name="clientId"/>: broker, login, TLS, keepalive; the caller adds a will.</summary>
    public static MqttClientOptionsBuilder Options(MqttBroker broker, MqttLogin login, string clientId, TimeSpan keepAlive)
    {
        var builder = new MqttClientOptionsBuilder()
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithTcpServer(broker.Host, broker.PortFor(login.UsesTls))
            .WithClientId(clientId)
            .WithCleanStart(true)
            .WithKeepAlivePeriod(keepAlive)
            .WithTimeout(ConnectTimeout)
            .WithMaximumPacketSize(MaxPacketSize);
        if (login.User != null) builder.WithCredentials(login.User, login.Password ?? "");
        if (login.CaFile is { } caFile)
        {
            X509Certificate2Collection ca = LoadCa(caFile);
            builder.WithTlsOptions(tls => tls.UseTls()
                .WithTargetHost(broker.Host)
                .WithCertificateValidationHandler(e => TrustedBy(ca, e.Certificate, e.SslPolicyErrors)));
        }
        return builder;
    }

    /// <summary>Connects a new client; one line naming the broker if it cannot.</summary>
    public static IMqttClient Connect(MqttBroker broker, MqttLogin login, MqttClientOptions options)
    {
        IMqttClient client = new MqttClientFactory().CreateMqttClient();
        try
        {
            ConnectClient(client, broker, login, options);
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>(Re)connects <paramref name="client"/>: a refusal in the broker's CONNACK is a failure too, named.</summary>
    /// <exception cref="TransportException">One line naming the broker.</exception>
    public static void ConnectClient(IMqttClient client, MqttBroker broker, MqttLogin login, MqttClientOptions options)
    {
        MqttClientConnectResult result;
        try
        {
            using var deadline = new CancellationTokenSource(ConnectTimeout + TimeSpan.FromSeconds(1));
            result = client.ConnectAsync(options, deadline.Token).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is MqttCommunicationException or SocketException or OperationCanceledException or IOException
                                  or System.Security.Authentication.AuthenticationException)
        {
            throw new TransportException($"cannot connect to {broker}: {Why(e, login)}", e);
        }
        if (result.ResultCode != MqttClientConnectResultCode.Success)
            throw new TransportException($"cannot connect to {broker}: {Refusal(result.ResultCode.ToString(), login)}");
    }

    /// <summary>Publishes and waits for the broker's acknowledgement; false (with the reason) if it refused or is gone.</summary>
    public static bool TryPublish(IMqttClient client, MqttApplicationMessage message, out string? refusal)
    {
        try
        {
            MqttClientPublishResult result = client.PublishAsync(message).GetAwaiter().GetResult();
            refusal = result.IsSuccess || result.ReasonCode == MqttClientPublishReasonCode.NoMatchingSubscribers
                ? null
                : $"the broker refused to publish on {message.Topic}: {result.ReasonCode}";
            return refusal == null;
        }
        catch (Exception e) when (e is MqttCommunicationException or IOException or OperationCanceledException or ObjectDisposedException)
        {
            refusal = "connection to the broker lost: " + e.Message;
            return false;
        }
    }

    /// <summary>Subscribes with QoS 1 to <paramref name="topics"/> and checks each was granted.</summary>
    public static void Subscribe(IMqttClient client, MqttBroker broker, params string[] topics)
    {
        var options = new MqttClientSubscribeOptionsBuilder();
        foreach (string topic in topics)
            options.WithTopicFilter(f => f.WithTopic(topic).WithAtLeastOnceQoS());
        MqttClientSubscribeResult result = client.SubscribeAsync(options.Build()).GetAwaiter().GetResult();
        foreach (MqttClientSubscribeResultItem item in result.Items)
        {
            if ((int)item.ResultCode > 2)
                throw new TransportException($"{broker} refused the subscription to {item.TopicFilter.Topic}: {item.ResultCode} (see the ACL in docs/fleet.md)");
        }
    }

    /// <summary>A round trip to the broker: every retained message of an earlier subscription has arrived when it returns.</summary>
    public static void Ping(IMqttClient client) => client.PingAsync().GetAwaiter().GetResult();

    /// <summary>Leaves cleanly (no Last Will); ignores a connection that is already gone.</summary>
    public static void Disconnect(IMqttClient client)
    {
        try
        {
            if (client.IsConnected)
            {
                using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().Build(), deadline.Token).GetAwaiter().GetResult();
            }
        }
        catch (Exception e) when (e is MqttCommunicationException or IOException or OperationCanceledException or ObjectDisposedException) { }
        client.Dispose();
    }

    private static string Why(Exception e, MqttLogin login)
    {
        for (Exception? x = e; x != null; x = x.InnerException)
        {
            switch (x)
            {
                // MQTTnet names the CONNACK's reason code only in the message.
                case MqttConnectingFailedException refused when refused.InnerException == null:
                    return Refusal(refused.Message, login);
                case SocketException socket:
                    return socket.SocketErrorCode switch
                    {
                        SocketError.ConnectionRefused => "connection refused (is the broker running? see docs/fleet.md)",
                        SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => "unknown host",
                        _ => socket.Message,
                    };
                case System.Security.Authentication.AuthenticationException tls:
                    return "TLS failed: " + tls.Message + (login.CaFile != null ? $" (is the broker's certificate signed by {login.CaFile}?)" : "");
                case MqttCommunicationTimedOutException or OperationCanceledException:
                    return $"no answer within {ConnectTimeout.TotalSeconds:0} s";
            }
        }
        return e.Message;
    }

    /// <summary>What a CONNACK reason code (or a message naming one) means to the user.</summary>
    private static string Refusal(string code, MqttLogin login)
    {
        if (code.Contains(nameof(MqttClientConnectResultCode.BadUserNameOrPassword)))
            return $"the broker refused the credentials of user '{login.User ?? "(none)"}'";
        if (code.Contains(nameof(MqttClientConnectResultCode.NotAuthorized)))
            return login.User == null ? "not authorized (the broker wants an account: --user and --password-file)" : $"the broker refused the credentials of user '{login.User}' (not authorized)";
        return "the broker refused the connection: " + code;
    }

    private static X509Certificate2Collection LoadCa(string path)
    {
        var ca = new X509Certificate2Collection();
        try { ca.ImportFromPemFile(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
        {
            throw new TransportException($"cannot read the CA certificate {path}: {e.Message}", e);
        }
        if (ca.Count == 0) throw new TransportException($"{path} holds no PEM certificate");
        return ca;
    }

    /// <summary>The broker's certificate must chain to the given CA (and only to it) and name the host we asked for.</summary>
    private static bool TrustedBy(X509Certificate2Collection ca, X509Certificate? certificate, SslPolicyErrors errors)
    {
        if (certificate == null || (errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0) return false;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(new X509Certificate2(certificate));
    }
}
