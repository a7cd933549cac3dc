using System.Diagnostics.CodeAnalysis;
using Microwasm.Cli.Run;

namespace Microwasm.Cli.Serve;

/// <summary>
/// Whether this build has the application framework: <c>serve</c>, <c>app</c> and <c>run</c> with a
/// display option. True unless the CLI was published with the feature switch
/// <c>Microwasm.AppFramework.IsSupported</c> set to false (<c>-p:MicrowasmAppFramework=false</c>,
/// <c>tools/aot.sh --no-app</c>): the trimmer then drops the framework with the sockets,
/// WebSockets, DNS, JSON writing, compression and logging code only it uses, about 1.9 MB of the NativeAOT
/// executable. The commands and their options stay, so the command line is the same in every
/// build; running one of them says in one line that it is not in this build.
/// </summary>
internal static class AppFrameworkSwitch
{
    private const string Name = "Microwasm.AppFramework.IsSupported";

    /// <summary>False in a build published with <c>Microwasm.AppFramework.IsSupported=false</c>; a constant for the trimmer.</summary>
    [FeatureSwitchDefinition(Name)]
    public static bool IsSupported => !AppContext.TryGetSwitch(Name, out bool enabled) || enabled;

    /// <summary>The one line a command of the framework prints in a build without it.</summary>
    public static string NotInThisBuild(string what) =>
        $"{what} is not part of this build: it was built without the application framework (tools/aot.sh --no-app, Microwasm.AppFramework.IsSupported=false); the default native build and the dotnet tool have it";

    /// <summary>Prints <see cref="NotInThisBuild(string)"/> as <c>microwasm: ...</c>; returns exit status 2, as for the compiler engine in a NativeAOT build.</summary>
    public static int Refuse(RunConsole console, string what)
    {
        console.Err.WriteLine($"microwasm: {NotInThisBuild(what)}");
        return 2;
    }
}
