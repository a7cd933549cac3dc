using System.Collections.Concurrent;
using System.Diagnostics;
using Microwasm.AppFramework.Tests.Support;
using Microwasm.TestSupport;

namespace Microwasm.AppFramework.Tests.Languages;

/// <summary>
/// The applets of samples/cpp-applet and samples/rust-applet, rebuilt from source by each sample's
/// build.sh on first use (once per test run, into languages-wasm/ beside the test assembly), so the tests prove the toolchains CI installs:
/// clang-14 for C++ (through app-sdk/build-applet.sh) and Debian's rustc with
/// libstd-rust-dev-wasm32 for Rust.
/// </summary>
internal static class LanguageSamples
{
    private static readonly ConcurrentDictionary<string, Lazy<string>> s_built = new(StringComparer.Ordinal);

    public static string SampleDirectory(string sample) => Path.Combine(WamrTools.RepositoryRoot, "samples", sample);

    /// <summary>The C++ counter applet, freshly built.</summary>
    public static byte[] CppCounter() => File.ReadAllBytes(Path.Combine(Build("cpp-applet", ["counter.wasm"]), "counter.wasm"));

    /// <summary>rust_service.wasm (Rust) or requester.wasm (C), freshly built by samples/rust-applet/build.sh.</summary>
    public static byte[] RustApplet(string name) => File.ReadAllBytes(Path.Combine(Build("rust-applet", []), name + ".wasm"));

    /// <summary>
    /// A Rust test applet from this folder's rust/ directory, built against app-sdk/rust the way
    /// samples/rust-applet/build.sh builds rust_service.
    /// </summary>
    public static byte[] RustTestApplet(string name) => File.ReadAllBytes(s_built.GetOrAdd("rust-test:" + name, _ => new Lazy<string>(() =>
    {
        var output = OutputDirectory("rust-test-" + name);
        var source = Path.Combine(WamrTools.RepositoryRoot, "tests", "Microwasm.AppFramework.Tests", "Languages", "rust", name + ".rs");
        var library = Path.Combine(output, "libwasm_app.rlib");
        var wasm = Path.Combine(output, name + ".wasm");
        string[] flags = ["--edition", "2021", "--target", "wasm32-unknown-unknown", "-C", "opt-level=s", "-C", "panic=abort"];
        var rustc = Environment.GetEnvironmentVariable("RUSTC") ?? "/usr/bin/rustc";
        foreach (var arguments in new string[][]
        {
            [.. flags, "--crate-type", "rlib", "--crate-name", "wasm_app", "-o", library, Path.Combine(WamrTools.RepositoryRoot, "app-sdk", "rust", "src", "lib.rs")],
            [.. flags, "--crate-type", "cdylib", "--extern", "wasm_app=" + library, "-C", "link-arg=-zstack-size=16384",
                "-C", "link-arg=--export=__heap_base", "-C", "link-arg=--export=__data_end", "-C", "strip=symbols", "-o", wasm, source],
        })
        {
            var (code, log) = SampleApplets.Run(rustc, arguments);
            if (code != 0)
            {
                throw new InvalidOperationException($"{rustc} failed ({code}) building {name}.rs (apt-get install rustc libstd-rust-dev-wasm32):\n{log}");
            }
        }
        return wasm;
    })).Value);

    /// <summary>samples/assemblyscript-applet's applet, freshly built by its build.sh with the AssemblyScript compiler (asc from npm).</summary>
    public static byte[] AssemblyScriptApplet() => File.ReadAllBytes(Path.Combine(Build("assemblyscript-applet", ["applet.wasm"]), "applet.wasm"));

    /// <summary>A committed samples/simple applet.</summary>
    public static byte[] Simple(string name) => SampleApplets.Get("ours", name);

    private static string Build(string sample, string[] arguments) => s_built.GetOrAdd(sample, s => new Lazy<string>(() =>
    {
        var output = OutputDirectory(s);
        // the scripts take the output file as $1 (cpp-applet) or the directory as OUT (rust-applet)
        var script = Path.Combine(SampleDirectory(s), "build.sh");
        var args = arguments.Select(a => Path.Combine(output, a)).ToArray();
        var (code, log) = Run(script, args, output);
        if (code != 0)
        {
            throw new InvalidOperationException($"samples/{s}/build.sh failed ({code}):\n{log}");
        }
        return output;
    })).Value;

    /// <summary>
    /// A fresh languages-wasm/NAME beside the test assembly (rebuilt on every run, so the
    /// toolchains are exercised each time; nothing is left in the temporary folder).
    /// </summary>
    private static string OutputDirectory(string name)
    {
        var directory = Path.Combine(AppContext.BaseDirectory, "languages-wasm", name);
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
        Directory.CreateDirectory(directory);
        return directory;
    }

    private static (int ExitCode, string Log) Run(string script, string[] arguments, string outputDirectory)
    {
        var start = new ProcessStartInfo("sh") { RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add(script);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["OUT"] = outputDirectory;
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output + errors.Result);
    }
}
