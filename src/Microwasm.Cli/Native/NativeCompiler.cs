using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using Microwasm.Cli.Run;
using Microwasm.Compiler;
using Microwasm.Model;
using Microwasm.Runtime;
using Microwasm.Wasi;

namespace Microwasm.Cli.Native;

/// <summary>
/// <c>microwasm compile --native FILE -o OUT</c>: writes OUT, a native executable that runs the module
/// as <c>microwasm run</c> does, with the module's code compiled ahead of time. The compiler's CIL (what
/// a .mwasm file carries), this build's Microwasm, Microwasm.Wasi and Microwasm.Cli and a few generated
/// lines (<see cref="NativeProgram"/>) are published with NativeAOT (<c>dotnet publish -p:PublishAot=true</c>)
/// as one executable. Needs the .NET SDK on PATH; see docs/cli.md and Compiler/RATIONALE.md.
/// </summary>
internal sealed class NativeCompiler
{
    /// <summary>The longest a <c>dotnet publish</c> may take before it is stopped (ILC takes 10-30 s).</summary>
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromMinutes(15);

    private readonly TextWriter _stdout;
    private readonly TextWriter _stderr;
    private readonly bool _verbose;

    public NativeCompiler(TextWriter stdout, TextWriter stderr, bool verbose)
    {
        _stdout = stdout;
        _stderr = stderr;
        _verbose = verbose;
    }

    /// <summary>The output's default name: FILE without its extension.</summary>
    public static string DefaultOutput(string file) => Path.ChangeExtension(file, null);

    /// <summary>Why a NativeAOT build cannot compile to a native executable.</summary>
    public const string UnavailableUnderNativeAot =
        "compile --native needs the JIT build of microwasm (the dotnet tool or `dotnet publish src/Microwasm.Cli`): this NativeAOT build cannot generate the module's code";

    /// <summary>Why this build cannot compile to a native executable; null if it can.</summary>
    public static string? WhyUnavailable() => RuntimeFeature.IsDynamicCodeSupported ? null : UnavailableUnderNativeAot;

    /// <summary>Compiles <paramref name="file"/> to the executable <paramref name="output"/>; returns the exit status.</summary>
    /// <param name="file">The .wasm (or .wat) module.</param>
    /// <param name="output">The executable to write.</param>
    /// <param name="settings">The run options to bake in (<see cref="RunOptions.File"/> and the arguments are ignored).</param>
    /// <param name="keepTemp">Keep the generated project and the publish log (their folder is printed).</param>
    public int Compile(string file, string output, RunOptions settings, bool keepTemp)
    {
        if (WhyUnavailable() is { } why)
        {
            return Fail(why);
        }
        if (CheckSettings(settings) is { } bad)
        {
            return Fail(bad);
        }
        if (FindOnPath("dotnet") is not { } dotnet)
        {
            return Fail("compile --native needs the .NET SDK: no `dotnet` on PATH (install the .NET "
                + $"{Environment.Version.Major}.{Environment.Version.Minor} SDK, https://dot.net)");
        }
        if (ReferencedAssemblies() is not { } references)
        {
            return Fail("compile --native needs this build's Microwasm assemblies as files (this microwasm is a single-file build)");
        }

        var clock = Stopwatch.StartNew();
        byte[] wasm;
        string name;
        byte[] code;
        try
        {
            wasm = Commands.ModuleFiles.Read(file);
            (name, code) = PrecompiledModule.CompileAssembly(wasm);
        }
        catch (Exception ex) when (ex is WasmException or IOException or UnauthorizedAccessException)
        {
            return Fail($"{file}: {ex.Message}");
        }
        var cilTime = clock.Elapsed;

        var temp = Directory.CreateTempSubdirectory("microwasm-native-");
        var keep = keepTemp;
        try
        {
            var project = Path.Combine(temp.FullName, NativeProgram.AssemblyName + ".csproj");
            File.WriteAllBytes(Path.Combine(temp.FullName, NativeProgram.ModuleResource), wasm);
            File.WriteAllBytes(Path.Combine(temp.FullName, name + ".dll"), code);
            File.WriteAllText(project, ProjectText(references, name));
            File.WriteAllText(Path.Combine(temp.FullName, "Program.cs"), ProgramText(settings with { ModuleName = settings.ModuleName ?? Path.GetFileNameWithoutExtension(file) }, Path.GetFileName(file)));

            clock.Restart();
            var publish = Path.Combine(temp.FullName, "publish");
            var log = Path.Combine(temp.FullName, "publish.log");
            var (status, timedOut) = Publish(dotnet, project, publish, log);
            var publishTime = clock.Elapsed;
            if (status != 0)
            {
                keep = true;
                var message = timedOut
                    ? $"dotnet publish (NativeAOT) ran longer than {PublishTimeout.TotalMinutes} minutes and was stopped; its log: {log}"
                    : $"dotnet publish (NativeAOT) failed with exit status {status}; its log: {log}";
                Fail(message);
                foreach (var line in LastErrorLines(log))
                {
                    _stderr.WriteLine($"  {line}");
                }
                return 1;
            }
            var executable = Path.Combine(publish, NativeProgram.AssemblyName + (OperatingSystem.IsWindows() ? ".exe" : ""));
            try
            {
                File.Copy(executable, output, overwrite: true);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return Fail($"cannot write {output}: {ex.Message}");
            }
            if (_verbose)
            {
                _stdout.WriteLine($"{file} ({wasm.Length} bytes) -> {output} ({new FileInfo(output).Length} bytes): "
                    + $"CIL {code.Length} bytes in {cilTime.TotalMilliseconds:0} ms, dotnet publish with NativeAOT (ILC) in {publishTime.TotalSeconds:0.0} s");
            }
            return 0;
        }
        finally
        {
            if (keep)
            {
                _stderr.WriteLine($"microwasm: the generated project and its publish log are kept in {temp.FullName}");
            }
            else
            {
                try
                {
                    temp.Delete(recursive: true);
                }
                catch (IOException)
                {
                    // a file still open somewhere: the folder is in the temp directory, which is cleaned up eventually
                }
            }
        }
    }

    /// <summary>What run would refuse at its start, caught now: a bad --env or --map-dir.</summary>
    private static string? CheckSettings(RunOptions settings)
    {
        foreach (var variable in settings.Environment)
        {
            if (variable.IndexOf('=') <= 0)
            {
                return $"--env expects NAME=VALUE, got '{variable}'";
            }
        }
        try
        {
            foreach (var mapping in settings.MappedDirectories)
            {
                WasiConfiguration.ParseMapDirectory(mapping);
            }
        }
        catch (ArgumentException ex)
        {
            return ex.Message;
        }
        return null;
    }

    /// <summary>
    /// The files of the assemblies the program is compiled with: the very ones this process runs, so the
    /// executable runs the same build of the runtime as <c>microwasm run</c> (null in a single-file build).
    /// </summary>
    [System.Diagnostics.CodeAnalysis.UnconditionalSuppressMessage("SingleFile", "IL3000", Justification = "An empty location (a single-file build) is checked: compile --native is refused there.")]
    private static string[]? ReferencedAssemblies()
    {
        string[] paths =
        [
            typeof(Store).Assembly.Location,
            typeof(WasiPreview1).Assembly.Location,
            typeof(NativeProgram).Assembly.Location,
        ];
        return paths.All(p => p.Length > 0 && File.Exists(p)) ? paths : null;
    }

    /// <summary>The RID of this machine in the portable form the ILCompiler packages exist for (linux-x64, osx-arm64, ...).</summary>
    private static string RuntimeIdentifier()
    {
        var os = OperatingSystem.IsWindows() ? "win" : OperatingSystem.IsMacOS() ? "osx" : "linux";
        return $"{os}-{RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant()}";
    }

    private static string ProjectText(string[] references, string codeAssembly)
    {
        var text = new StringBuilder();
        text.Append($"""
            <Project Sdk="Microsoft.NET.Sdk">
              <!-- Generated by `microwasm compile` (native): the module's compiled code, the runtime and this
                   program, published with NativeAOT as one executable. -->
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net{Environment.Version.Major}.{Environment.Version.Minor}</TargetFramework>
                <RuntimeIdentifier>{RuntimeIdentifier()}</RuntimeIdentifier>
                <AssemblyName>{NativeProgram.AssemblyName}</AssemblyName>
                <PublishAot>true</PublishAot>
                <InvariantGlobalization>true</InvariantGlobalization>
                <!-- a trap's wasm stack is read from the .NET stack trace of the compiled code -->
                <StackTraceSupport>true</StackTraceSupport>
                <MetricsSupport>false</MetricsSupport>
                <NativeDebugSymbols>false</NativeDebugSymbols>
                <DebugType>none</DebugType>
                <GenerateDocumentationFile>false</GenerateDocumentationFile>
                <SatelliteResourceLanguages>en</SatelliteResourceLanguages>
                <Nullable>disable</Nullable>
                <ImplicitUsings>disable</ImplicitUsings>
                <!-- the referenced assemblies are the running microwasm's: a ReadyToRun build's are marked
                     x64 (CS8012), and their trimming warnings were judged where they were built -->
                <NoWarn>$(NoWarn);CS8012;IL2026;IL2072;IL2075;IL2104;IL3050;IL3053</NoWarn>
                <TreatWarningsAsErrors>false</TreatWarningsAsErrors>
              </PropertyGroup>
              <ItemGroup>
                <!-- microwasm's own Main, the command line, is not this program's (Program.IsCommandLine); the
                     serve, app and TLS code is unreachable from it, said anyway -->
                <RuntimeHostConfigurationOption Include="{Program.CommandLineSwitch}" Value="false" Trim="true" />
                <RuntimeHostConfigurationOption Include="Microwasm.AppFramework.IsSupported" Value="false" Trim="true" />
                <RuntimeHostConfigurationOption Include="Microwasm.Tls.IsSupported" Value="false" Trim="true" />
                <EmbeddedResource Include="{NativeProgram.ModuleResource}" LogicalName="{NativeProgram.ModuleResource}" />
                <Reference Include="{codeAssembly}.dll" />
                <!-- the module's code whole: the runtime finds its entry table by name (ModuleCompiler.EmitEntryTable) -->
                <TrimmerRootAssembly Include="{codeAssembly}" />

            """);
        foreach (var reference in references)
        {
            text.Append(CultureInfo.InvariantCulture, $"    <Reference Include=\"{System.Security.SecurityElement.Escape(reference)}\" />\n");
        }
        text.Append("  </ItemGroup>\n</Project>\n");
        return text.ToString();
    }

    /// <summary>The generated program: a call of <see cref="NativeProgram.Run"/> with the baked run options.</summary>
    private static string ProgramText(RunOptions settings, string fileName)
    {
        return $$"""
            // Generated by microwasm compile --native from {{Comment(fileName)}}: runs the module the way
            // `microwasm run` does, with the options given to compile --native.
            internal static class Program
            {
                private static int Main(string[] args) => global::Microwasm.Cli.Native.NativeProgram.Run(
                    args,
                    typeof(Program).Assembly,
                    typeof(global::{{ModuleCompiler.ModuleTypeName}}).Assembly,
                    new global::Microwasm.Cli.Run.RunOptions
                    {
                        File = "",
                        ModuleName = {{Literal(settings.ModuleName)}},
                        Function = {{Literal(settings.Function)}},
                        StackSize = {{(settings.StackSize is { } stack ? stack.ToString(CultureInfo.InvariantCulture) + "UL" : "null")}},
                        HeapSize = {{settings.HeapSize.ToString(CultureInfo.InvariantCulture)}}U,
                        Environment = {{Literals(settings.Environment)}},
                        Directories = {{Literals(settings.Directories)}},
                        MappedDirectories = {{Literals(settings.MappedDirectories)}},
                        MaxMemoryPages = {{(settings.MaxMemoryPages is { } pages ? pages.ToString(CultureInfo.InvariantCulture) + "U" : "null")}},
                        TimeoutMilliseconds = {{(settings.TimeoutMilliseconds is { } ms ? ms.ToString(CultureInfo.InvariantCulture) : "null")}},
                    });
            }

            """;
    }

    /// <summary>A C# string literal of <paramref name="value"/> (null: <c>null</c>), every character outside printable ASCII escaped.</summary>
    internal static string Literal(string? value)
    {
        if (value is null)
        {
            return "null";
        }
        var text = new StringBuilder("\"");
        foreach (var c in value)
        {
            if (c is >= ' ' and <= '~' and not '"' and not '\\')
            {
                text.Append(c);
            }
            else
            {
                text.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
            }
        }
        return text.Append('"').ToString();
    }

    private static string Literals(IReadOnlyList<string> values) => $"[{string.Join(", ", values.Select(Literal))}]";

    /// <summary>A file name fit for a line comment.</summary>
    private static string Comment(string text) => new(text.Select(c => char.IsControl(c) ? '?' : c).ToArray());

    /// <summary>Runs <c>dotnet publish</c> with its output to <paramref name="log"/>; its exit status, and whether it was stopped for taking too long.</summary>
    private static (int Status, bool TimedOut) Publish(string dotnet, string project, string output, string log)
    {
        var start = new ProcessStartInfo(dotnet)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])[
            "publish", project, "-c", "Release", "-o", output, "-nologo", "--disable-build-servers",
            // the project is in the temp directory: no Directory.Build.props or central package versions of a folder above it apply
            "-p:ImportDirectoryBuildProps=false", "-p:ImportDirectoryBuildTargets=false", "-p:ImportDirectoryPackagesProps=false"])
        {
            start.ArgumentList.Add(argument);
        }
        // a microwasm started by MSBuild or the test host must not hand its MSBuild to the child's
        foreach (var variable in (string[])["MSBuildExtensionsPath", "MSBuildSDKsPath", "MSBUILD_EXE_PATH", "MSBuildLoadMicrosoftTargetsReadOnly", "DOTNET_HOST_PATH"])
        {
            start.Environment.Remove(variable);
        }
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        using var logFile = new StreamWriter(log);
        using var process = new Process { StartInfo = start };
        var gate = new object();
        void Write(object sender, DataReceivedEventArgs e)
        {
            if (e.Data is { } line)
            {
                lock (gate)
                {
                    logFile.WriteLine(line);
                }
            }
        }
        process.OutputDataReceived += Write;
        process.ErrorDataReceived += Write;
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(PublishTimeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            return (-1, true);
        }
        process.WaitForExit();
        return (process.ExitCode, false);
    }

    /// <summary>The publish log's error lines (MSBuild's, ILC's, the linker's), the last ten, or its last lines if none says error.</summary>
    private static IEnumerable<string> LastErrorLines(string log)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(log);
        }
        catch (IOException)
        {
            return [];
        }
        var errors = lines.Where(l => l.Contains("error", StringComparison.OrdinalIgnoreCase)).Distinct().ToArray();
        return (errors.Length > 0 ? errors : lines).TakeLast(10).Select(l => l.Trim());
    }

    /// <summary>The path of <paramref name="command"/> in a folder of PATH, or null.</summary>
    private static string? FindOnPath(string command)
    {
        var name = OperatingSystem.IsWindows() ? command + ".exe" : command;
        foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var path = Path.Combine(folder, name);
            if (File.Exists(path))
            {
                return path;
            }
        }
        return null;
    }

    private int Fail(string message)
    {
        _stderr.WriteLine($"error: {message}");
        return 1;
    }
}
