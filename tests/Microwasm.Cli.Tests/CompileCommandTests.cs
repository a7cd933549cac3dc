namespace Microwasm.Cli.Tests;

/// <summary><c>microwasm compile FILE -o FILE.mwasm</c> and <c>microwasm run FILE.mwasm</c>: the round trip and the refusals.</summary>
public sealed class CompileCommandTests : IDisposable
{
    private static readonly string Hello = Path.Combine(TestPrograms.RepositoryRoot, "samples", "hello", "hello.wasm");

    private const string HelloOutput = @"^Hello world!\nbuf ptr: 0x[0-9a-f]+\nbuf: 1234\n$";

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("microwasm-compile-");

    public void Dispose() => _directory.Delete(recursive: true);

    private string PathOf(string name) => Path.Combine(_directory.FullName, name);

    [Fact]
    public void ACompiledFileRunsAsTheModuleDoes()
    {
        var output = PathOf("hello.mwasm");
        Assert.Equal((0, "", ""), CliProcess.InProcess("compile", Hello, "-o", output));
        Assert.True(new FileInfo(output).Length > new FileInfo(Hello).Length);
        var (status, stdout, stderr) = CliProcess.InProcess("run", "-v", output);
        Assert.Matches(HelloOutput, stdout);
        Assert.Contains("[microwasm] loaded the code compiled ahead of time at ", stderr);
        Assert.Equal(0, status);
    }

    [Fact]
    public void WithoutOutputTheFileGoesBesideTheModule()
    {
        var wasm = PathOf("copy.wasm");
        File.Copy(Hello, wasm);
        var (status, stdout, _) = CliProcess.InProcess("compile", "-v", wasm);
        Assert.Equal(0, status);
        Assert.Matches(@"^.*copy\.wasm \(\d+ bytes\) -> .*copy\.mwasm \(\d+ bytes\) in \d+ ms\n$", stdout);
        Assert.True(File.Exists(PathOf("copy.mwasm")));
    }

    [Fact]
    public void AFileThatIsNotCompiledCodeIsRefused()
    {
        var bytes = new byte[1000];
        new Random(4).NextBytes(bytes);
        File.WriteAllBytes(PathOf("random.mwasm"), bytes);
        var (status, stdout, stderr) = CliProcess.InProcess("run", PathOf("random.mwasm"));
        Assert.Equal(1, status);
        Assert.Equal("", stdout);
        Assert.Equal($"error: {PathOf("random.mwasm")}: not a .mwasm file (no \\0mwasm signature): compile a module with `microwasm compile`\n", stderr);
    }

    [Fact]
    public void CompiledCodeIsLoadedOnlyFromAFileNamedSo()
    {
        // a .mwasm under another name is WebAssembly that does not decode: never run as code
        Assert.Equal(0, CliProcess.InProcess("compile", Hello, "-o", PathOf("hello.mwasm")).Status);
        File.Copy(PathOf("hello.mwasm"), PathOf("renamed.wasm"));
        var (status, stdout, stderr) = CliProcess.InProcess("run", PathOf("renamed.wasm"));
        Assert.Equal(1, status);
        Assert.Equal("", stdout);
        Assert.StartsWith($"error: {PathOf("renamed.wasm")}: ", stderr);
        Assert.DoesNotContain("Hello", stderr);
        // and compile will not write compiled code under another name
        var refused = CliProcess.InProcess("compile", Hello, "-o", PathOf("hello.bin"));
        Assert.Equal((2, "", $"microwasm: the output's name must end with .mwasm: {PathOf("hello.bin")}\n"), refused);
    }

    [Fact]
    public void AnInvalidModuleIsNotCompiled()
    {
        File.WriteAllBytes(PathOf("bad.wasm"), [0, 0x61, 0x73, 0x6D, 1, 0, 0, 0, 0x0A]);
        var (status, stdout, stderr) = CliProcess.InProcess("compile", PathOf("bad.wasm"));
        Assert.Equal(1, status);
        Assert.Equal("", stdout);
        Assert.StartsWith($"{PathOf("bad.wasm")}: ", stderr);
        Assert.False(File.Exists(PathOf("bad.mwasm")));
    }
}

/// <summary><c>microwasm inspect</c> reports what each engine makes of a module, and what a .mwasm file says of itself.</summary>
public sealed class InspectEngineTests
{
    private static readonly string Hello = Path.Combine(TestPrograms.RepositoryRoot, "samples", "hello", "hello.wasm");

    [Fact]
    public void InspectSaysWhatTheCompilerCompiles()
    {
        var (status, output, error) = CliProcess.InProcess("inspect", Hello);
        Assert.Equal((0, ""), (status, error));
        Assert.EndsWith("\nEngines: the compiler compiles 1 of 1 defined functions; auto starts them all interpreted\n", output);
    }

    [Fact]
    public void InspectOfACompiledFileNamesTheBuildAndTheModule()
    {
        var directory = Directory.CreateTempSubdirectory("microwasm-inspect-");
        try
        {
            var file = Path.Combine(directory.FullName, "hello.mwasm");
            Assert.Equal(0, CliProcess.InProcess("compile", Hello, "-o", file).Status);
            var (status, output, error) = CliProcess.InProcess("inspect", file);
            Assert.Equal((0, ""), (status, error));
            var lines = output.Split('\n');
            Assert.Equal($"hello.mwasm: compiled ahead of time ({lines[0].Split('(', ')')[1]}) by {Microwasm.Compiler.PrecompiledModule.RuntimeBuild} (this build)", lines[0]);
            Assert.Equal($"module SHA-256: {Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(Hello)))}", lines[1]);
            Assert.Equal("hello.mwasm: 397 bytes", lines[2]);
            Assert.EndsWith("\nEngines: compiled ahead of time; the compiler compiles 1 of 1 defined functions; auto starts them all interpreted\n", output);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
