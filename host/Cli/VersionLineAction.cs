using System.CommandLine;
using System.CommandLine.Invocation;
using System.Reflection;

namespace Edge.Host.Cli;

/// <summary><c>edge --version</c>: one line, <c>edge &lt;version&gt;</c>.</summary>
internal sealed class VersionLineAction : SynchronousCommandLineAction
{
    public override bool ClearsParseErrors => true;

    public override int Invoke(ParseResult parseResult)
    {
        parseResult.InvocationConfiguration.Output.WriteLine("edge " + Version);
        return CliApp.Success;
    }

    public static string Version =>
        typeof(VersionLineAction).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(VersionLineAction).Assembly.GetName().Version?.ToString() ?? "unknown";
}
