// tools/native-diff: does code that `microwasm compile --native` runs compute what the interpreter
// computes? Many modules' precompiled code is linked into ONE NativeAOT executable (one ILC run: ILC
// costs ~9 s per publish whatever the size), which runs each module on the interpreter and on its
// precompiled code (PrecompiledModule.LoadCompiledAssembly) and compares the differential fuzz's
// transcripts (tests/Microwasm.SpecTests/Fuzz/DifferentialFuzz.cs: results, traps, imported calls,
// memory hashes, exported globals). run.sh does all of it; by hand:
//
//   dotnet build tools/native-diff -c Release
//   dotnet tools/native-diff/bin/Release/net10.0/Microwasm.NativeDiff.dll prepare DIR [--first N] [--count N] [--scripts WAST-DIR]
//       (JIT build) wasm-opt -ttf modules of the differential fuzz's seeds into DIR/modules, each one's
//       compiled assembly (PrecompiledModule.CompileAssembly, named mwasm_<sha256>) into DIR/code, and
//       DIR/Microwasm.NativeDiffProgram.csproj with a Program.cs naming every typed delegate they need;
//       with --scripts, also every module the .wast scripts there instantiate (SpecDiff)
//   dotnet publish DIR/Microwasm.NativeDiffProgram.csproj -c Release -o DIR/publish
//   DIR/publish/Microwasm.NativeDiffProgram DIR        (the check, NativeAOT: precompiled code vs interpreter;
//                                                       the scripts on precompiled code)
//   dotnet .../Microwasm.NativeDiff.dll check DIR      (the same on the JIT, the assemblies loaded from DIR/code)
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;
using System.Text;
using Microwasm.Compiler;
using Microwasm.Model;
using Microwasm.Runtime;
using Microwasm.SpecTests.Fuzz;

namespace Microwasm.NativeDiff;

public static class NativeDiffTool
{
    /// <summary>The generated program's assembly name (and so the executable's).</summary>
    private const string ProgramName = "Microwasm.NativeDiffProgram";

    /// <summary>One line per module in DIR/modules.txt: the seed, the module's file, its compiled assembly's name.</summary>
    private const string Manifest = "modules.txt";

    // as the differential fuzz test: a call that runs longer is interrupted and the module not compared
    private static readonly TimeSpan s_callLimit = TimeSpan.FromSeconds(10);

    private static int Main(string[] args)
    {
        // ILC folds this: the NativeAOT program never reaches the JIT-only commands
        if (!RuntimeFeature.IsDynamicCodeSupported)
        {
            Console.Error.WriteLine("native-diff: this is the JIT tool; the NativeAOT program is Microwasm.NativeDiffProgram");
            return 2;
        }
        return args switch
        {
            ["prepare", var dir, .. var rest] => Prepare(dir, Option(rest, "--first", 0), Option(rest, "--count", 200), StringOption(rest, "--scripts")),
            ["check", var dir] => CheckAll(dir, LoadFromFile),
            _ => Usage(),
        };
    }

    private static int Usage()
    {
        Console.Error.WriteLine("usage: native-diff prepare DIR [--first N] [--count N] [--scripts WAST-DIR] | native-diff check DIR (see tools/native-diff/run.sh)");
        return 2;
    }

    private static string? StringOption(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    /// <summary>The fuzz modules' check, then the scripts' if prepare was given some; 0 if both found nothing wrong.</summary>
    private static int CheckAll(string dir, Func<string, string, Assembly?> find)
    {
        var status = Check(dir, find);
        if (File.Exists(Path.Combine(dir, SpecDiff.Manifest)))
        {
            status |= SpecDiff.Check(dir, find);
        }
        return status;
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }

    /// <summary>Generates the modules and their compiled assemblies, and writes the NativeAOT project.</summary>
    [RequiresDynamicCode("Compiles the modules.")]
    private static int Prepare(string dir, int first, int count, string? scripts)
    {
        if (DifferentialFuzz.WasmOpt is null)
        {
            Console.Error.WriteLine("native-diff: binaryen's wasm-opt is not on PATH");
            return 1;
        }
        var modules = Directory.CreateDirectory(Path.Combine(dir, "modules"));
        var code = Directory.CreateDirectory(Path.Combine(dir, "code"));
        var work = Directory.CreateTempSubdirectory("microwasm-native-diff-");
        var clock = Stopwatch.StartNew();
        var manifest = new StringBuilder();
        var names = new SortedSet<string>(StringComparer.Ordinal);
        long cil = 0;
        var refused = 0;
        try
        {
            for (var seed = first; seed < first + count; seed++)
            {
                var wasm = DifferentialFuzz.Generate(seed, work.FullName);
                var file = $"seed{seed}.wasm";
                File.WriteAllBytes(Path.Combine(modules.FullName, file), wasm);
                string name;
                byte[] assembly;
                try
                {
                    (name, assembly) = PrecompiledModule.CompileAssembly(wasm);
                }
                catch (WasmException e)
                {
                    // the check reports it again (the transcript's "load:" line); nothing to link
                    Console.Error.WriteLine($"native-diff: seed {seed}: {e.Message}");
                    manifest.Append(CultureInfo.InvariantCulture, $"{seed} {file} -\n");
                    refused++;
                    continue;
                }
                manifest.Append(CultureInfo.InvariantCulture, $"{seed} {file} {name}\n");
                if (names.Add(name))
                {
                    File.WriteAllBytes(Path.Combine(code.FullName, name + ".dll"), assembly);
                    cil += assembly.Length;
                }
            }
        }
        finally
        {
            work.Delete(recursive: true);
        }
        File.WriteAllText(Path.Combine(dir, Manifest), manifest.ToString());
        Console.WriteLine($"native-diff: seeds {first}..{first + count - 1}: {count} modules, {names.Count} assemblies ({cil:N0} bytes of CIL), "
            + $"{refused} refused, {clock.Elapsed.TotalSeconds:F1} s");
        var status = scripts is null ? 0 : SpecDiff.Prepare(dir, scripts, names);
        WriteProject(dir, names);
        return status;
    }

    /// <summary>Writes the NativeAOT project and its Program.cs into <paramref name="dir"/>.</summary>
    internal static void WriteProject(string dir, IEnumerable<string> assemblies)
    {
        File.WriteAllText(Path.Combine(dir, ProgramName + ".csproj"), ProjectText(assemblies));
        File.WriteAllText(Path.Combine(dir, "Program.cs"), ProgramText);
    }

    /// <summary>
    /// The NativeAOT project: as `microwasm compile --native` writes one (NativeCompiler.ProjectText), with
    /// every module's assembly referenced and rooted, and this tool's very files and those it references
    /// (the build that emitted the modules' code is the one linked with it). Microwasm.Cli's own Main is
    /// switched off as in a compile native program (Program.CommandLineSwitch).
    /// </summary>
    private static string ProjectText(IEnumerable<string> assemblies)
    {
        var text = new StringBuilder($"""
            <Project Sdk="Microsoft.NET.Sdk">
              <!-- Generated by tools/native-diff prepare. -->
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net{Environment.Version.Major}.{Environment.Version.Minor}</TargetFramework>
                <RuntimeIdentifier>linux-x64</RuntimeIdentifier>
                <AssemblyName>{ProgramName}</AssemblyName>
                <PublishAot>true</PublishAot>
                <InvariantGlobalization>true</InvariantGlobalization>
                <StackTraceSupport>true</StackTraceSupport>
                <NativeDebugSymbols>false</NativeDebugSymbols>
                <DebugType>none</DebugType>
                <Nullable>disable</Nullable>
                <ImplicitUsings>disable</ImplicitUsings>
                <NoWarn>$(NoWarn);CS8012;IL2026;IL2072;IL2075;IL2104;IL3050;IL3053</NoWarn>
                <TreatWarningsAsErrors>false</TreatWarningsAsErrors>
              </PropertyGroup>
              <ItemGroup>
                <RuntimeHostConfigurationOption Include="Microwasm.Cli.IsCommandLine" Value="false" Trim="true" />
                <RuntimeHostConfigurationOption Include="Microwasm.AppFramework.IsSupported" Value="false" Trim="true" />
                <RuntimeHostConfigurationOption Include="Microwasm.Tls.IsSupported" Value="false" Trim="true" />

            """);
        foreach (var reference in Directory.GetFiles(AppContext.BaseDirectory, "*.dll").Order(StringComparer.Ordinal))
        {
            text.Append(CultureInfo.InvariantCulture, $"    <Reference Include=\"{System.Security.SecurityElement.Escape(reference)}\" />\n");
        }
        foreach (var name in assemblies)
        {
            text.Append(CultureInfo.InvariantCulture, $"    <Reference Include=\"code/{name}.dll\" />\n    <TrimmerRootAssembly Include=\"{name}\" />\n");
        }
        text.Append("  </ItemGroup>\n</Project>\n");
        return text.ToString();
    }

    private const string ProgramText = """
        // Generated by tools/native-diff prepare: the check, with the modules' code compiled in.
        internal static class Program
        {
            private static int Main(string[] args) => global::Microwasm.NativeDiff.NativeDiffTool.NativeMain(args);
        }

        """;

    /// <summary>The generated NativeAOT program's Main: the check, with the modules' code compiled in.</summary>
    /// <param name="args">DIR, the folder prepare wrote.</param>
    public static int NativeMain(string[] args)
    {
        if (args is not [var dir])
        {
            Console.Error.WriteLine("usage: Microwasm.NativeDiffProgram DIR (the folder tools/native-diff prepare wrote)");
            return 2;
        }
        return CheckAll(dir, LoadCompiledIn);
    }

    /// <summary>Under NativeAOT: the assembly compiled into the executable (null if it is not).</summary>
    internal static Assembly? LoadCompiledIn(string dir, string name)
    {
        try
        {
            return Assembly.Load(new AssemblyName(name));
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }

    /// <summary>On the JIT: the assembly from DIR/code (a control: the same code, JIT-compiled, entry thunks generated).</summary>
    internal static Assembly? LoadFromFile(string dir, string name)
    {
        var path = Path.GetFullPath(Path.Combine(dir, "code", name + ".dll"));
        return File.Exists(path) ? AssemblyLoadContext.Default.LoadFromAssemblyPath(path) : null;
    }

    private static int Check(string dir, Func<string, string, Assembly?> find)
    {
        var native = !RuntimeFeature.IsDynamicCodeSupported;
        var engine = native ? "native" : "precompiled-jit";
        var lines = File.ReadAllLines(Path.Combine(dir, Manifest));
        var clock = Stopwatch.StartNew();
        int modules = 0, calls = 0, mismatches = 0, timedOut = 0, notLinked = 0, fallbackFunctions = 0, compiledFunctions = 0;
        var notRun = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var outcomes = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var keep = Path.Combine(dir, "mismatches");
        foreach (var line in lines)
        {
            if (line.Split(' ') is not [var seed, var file, var name])
            {
                continue;
            }
            modules++;
            var wasm = File.ReadAllBytes(Path.Combine(dir, "modules", file));
            var assembly = name == "-" ? null : find(dir, name);
            if (name != "-" && assembly is null)
            {
                notLinked++;
                Console.WriteLine($"seed {seed}: {name} is not in this executable");
                continue;
            }
            DifferentialFuzz.Outcome outcome;
            try
            {
                outcome = DifferentialFuzz.Compare(wasm, s_callLimit, engine, validated =>
                {
                    var compiled = PrecompiledModule.LoadCompiledAssembly(wasm, assembly ?? throw new InvalidOperationException("no compiled code"));
                    if (compiled is CompiledWasmModule c)
                    {
                        fallbackFunctions += c.FallbackReasons.Count(r => r is not null);
                        compiledFunctions += c.FallbackReasons.Count(r => r is null);
                    }
                    return compiled;
                });
            }
            catch (Exception e)
            {
                // not a WasmException: the transcript logic let it through, which is a finding in itself
                mismatches++;
                Console.WriteLine($"seed {seed}: {e.GetType().Name}: {e.Message}\n{e.StackTrace}");
                continue;
            }
            var head = outcome.Interpreter.Lines.FirstOrDefault() ?? "";
            if (head.StartsWith("load:", StringComparison.Ordinal) || head.StartsWith("unsupported import", StringComparison.Ordinal))
            {
                notRun[head] = notRun.GetValueOrDefault(head) + 1;
            }
            foreach (var l in outcome.Compiler.Lines)
            {
                if (l.StartsWith("  ", StringComparison.Ordinal))
                {
                    continue;
                }
                var hash = l.IndexOf('#');
                if (hash < 0)
                {
                    continue;
                }
                var rest = l[(hash + 1)..];
                calls++;
                var kind = rest.Contains(": trap ", StringComparison.Ordinal) ? "trap " + rest[(rest.IndexOf(": trap ", StringComparison.Ordinal) + 7)..]
                    : rest.Contains(" = ", StringComparison.Ordinal) ? "returned" : rest[(rest.IndexOf(':') + 1)..].Trim();
                outcomes[kind] = outcomes.GetValueOrDefault(kind) + 1;
            }
            if (outcome.TimedOut)
            {
                timedOut++;
            }
            if (outcome.Mismatch is { } mismatch)
            {
                mismatches++;
                Console.WriteLine($"seed {seed}: {mismatch}");
                Directory.CreateDirectory(keep);
                File.WriteAllLines(Path.Combine(keep, $"seed{seed}.interpreter.txt"), outcome.Interpreter.Lines);
                File.WriteAllLines(Path.Combine(keep, $"seed{seed}.{engine}.txt"), outcome.Compiler.Lines);
            }
        }
        Console.WriteLine($"native-diff ({engine}): {modules} modules, {calls} export calls compared "
            + $"({compiledFunctions} functions precompiled, {fallbackFunctions} left to the interpreter), "
            + $"{timedOut} timed out, {notLinked} not linked, {mismatches} mismatches, {clock.Elapsed.TotalSeconds:F1} s");
        foreach (var (kind, times) in outcomes)
        {
            Console.WriteLine($"  calls that {(kind == "returned" ? "returned" : "ended in " + kind)}: {times}");
        }
        foreach (var (reason, times) in notRun)
        {
            Console.WriteLine($"  modules not run {times}x: {reason}");
        }
        return mismatches == 0 && notLinked == 0 ? 0 : 1;
    }
}
