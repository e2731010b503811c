using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Edge.Tests.Data;

namespace Edge.Tests.Fleet;

/// <summary>A fact that needs Debian's mosquitto broker; skipped (naming the package) without it.</summary>
public sealed class NeedsMosquittoFactAttribute : FactAttribute
{
    public NeedsMosquittoFactAttribute()
    {
        if (MosquittoBroker.Executable == null || !File.Exists(MosquittoBroker.PasswdTool))
            Skip = "mosquitto is not installed (apt-get install mosquitto): the fleet is not tested against a real broker";
    }
}

/// <summary>
/// A real Mosquitto on a free loopback port with a generated config, started by the test and killed by it: either
/// anonymous, or with accounts (a host account and one per board) and the ACL of docs/fleet.md.
/// </summary>
internal sealed class MosquittoBroker : IDisposable
{
    public const string HostUser = "edge-host";
    public const string Password = "secret-for-tests";

    private readonly TempDirectory _dir = new();
    private Process? _process;

    /// <param name="boardAccounts">With accounts: the board ids that get one (password <see cref="Password"/>); null: anonymous.</param>
    /// <param name="tls">Listen with TLS only, under a certificate for 127.0.0.1 signed by a fresh CA (<see cref="CaFile"/>; needs openssl).</param>
    public MosquittoBroker(IReadOnlyList<string>? boardAccounts = null, bool tls = false)
    {
        Port = FreePort();
        var config = new List<string>
        {
            $"listener {Port} 127.0.0.1",
            "set_tcp_nodelay true",
            "persistence false",
            $"log_dest file {_dir.File("mosquitto.log")}",
        };
        if (tls)
        {
            MakeCertificates();
            config.AddRange([$"cafile {CaFile}", $"certfile {_dir.File("broker.crt")}", $"keyfile {_dir.File("broker.key")}"]);
        }
        if (boardAccounts == null)
            config.Add("allow_anonymous true");
        else
        {
            Authenticated = true;
            string passwords = _dir.File("passwd");
            foreach (string user in boardAccounts.Prepend(HostUser))
                Run(PasswdTool, File.Exists(passwords) ? ["-b", passwords, user, Password] : ["-c", "-b", passwords, user, Password]);
            File.WriteAllText(_dir.File("acl"), Acl);
            config.AddRange(["allow_anonymous false", $"password_file {passwords}", $"acl_file {_dir.File("acl")}"]);
        }
        File.WriteAllLines(_dir.File("mosquitto.conf"), config);
        Start();
    }

    /// <summary>The ACL of docs/fleet.md: boards publish only their own resp and status; only the host publishes req and note.</summary>
    public const string Acl = """
        user edge-host
        topic write edge/+/req
        topic readwrite edge/+/note
        topic read edge/+/resp
        topic read edge/+/status

        pattern read edge/%u/req
        pattern read edge/%u/note
        pattern write edge/%u/resp
        pattern readwrite edge/%u/status
        """;

    public static string? Executable { get; } = new[] { "/usr/sbin/mosquitto", "/usr/bin/mosquitto" }.FirstOrDefault(File.Exists);
    public const string PasswdTool = "/usr/bin/mosquitto_passwd";

    public int Port { get; }

    /// <summary>The CA that signed a TLS broker's certificate (for --ca).</summary>
    public string CaFile => _dir.File("ca.crt");

    public const string OpenSsl = "/usr/bin/openssl";
    public bool Authenticated { get; }
    public string Url => $"mqtt://127.0.0.1:{Port}";

    /// <summary>A file holding <see cref="Password"/>, for --password-file.</summary>
    public string PasswordFile
    {
        get
        {
            string path = _dir.File("password");
            if (!File.Exists(path)) File.WriteAllText(path, Password + "\n");
            return path;
        }
    }

    public string Log => File.Exists(_dir.File("mosquitto.log")) ? File.ReadAllText(_dir.File("mosquitto.log")) : "";

    /// <summary>Kills the broker process (as a crash would).</summary>
    public void Kill()
    {
        if (_process is { HasExited: false }) { _process.Kill(); _process.WaitForExit(5000); }
    }

    /// <summary>Starts it again on the same port and config.</summary>
    public void Start()
    {
        _process?.Dispose();
        _process = Process.Start(new ProcessStartInfo(Executable!)
        {
            ArgumentList = { "-c", _dir.File("mosquitto.conf") },
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        })!;
        var watch = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited) throw new InvalidOperationException("mosquitto exited: " + _process.StandardError.ReadToEnd() + Log);
            using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try { probe.Connect(IPAddress.Loopback, Port); return; }
            catch (SocketException) when (watch.Elapsed < TimeSpan.FromSeconds(10)) { Thread.Sleep(20); }
        }
    }

    public void Dispose()
    {
        Kill();
        _process?.Dispose();
        _dir.Dispose();
    }

    private void MakeCertificates()
    {
        string F(string name) => _dir.File(name);
        Run(OpenSsl, ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", F("ca.key"), "-out", F("ca.crt"), "-days", "2", "-subj", "/CN=edge-test-ca"]);
        Run(OpenSsl, ["req", "-newkey", "rsa:2048", "-nodes", "-keyout", F("broker.key"), "-out", F("broker.csr"), "-subj", "/CN=127.0.0.1"]);
        File.WriteAllText(F("san.ext"), "subjectAltName=IP:127.0.0.1\n");
        Run(OpenSsl, ["x509", "-req", "-in", F("broker.csr"), "-CA", F("ca.crt"), "-CAkey", F("ca.key"), "-CAcreateserial", "-out", F("broker.crt"),
                      "-days", "2", "-extfile", F("san.ext")]);
        // mosquitto drops root to its own user before it reads the key
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(F("broker.key"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    internal static void Run(string tool, string[] args)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (string a in args) start.ArgumentList.Add(a);
        using Process p = Process.Start(start)!;
        p.WaitForExit(10_000);
        if (p.ExitCode != 0) throw new InvalidOperationException($"{tool} failed: {p.StandardError.ReadToEnd()}");
    }
}
