using System.Diagnostics;
using Microwasm.Cli.Run;

namespace Microwasm.Cli.Tests;

/// <summary>What any command does with a bad command line, and with a reader that goes away.</summary>
public sealed class CommandLineErrorTests
{
    [Theory]
    [InlineData(new string[0], "microwasm --help")]
    [InlineData(new[] { "run" }, "microwasm run --help")]
    [InlineData(new[] { "serve", "--bogus" }, "microwasm serve --help")]
    [InlineData(new[] { "app", "install", "x" }, "microwasm app install --help")]
    [InlineData(new[] { "run", "--engine", "warp", "x.wasm" }, "microwasm run --help")]
    public void ABadCommandLineIsExitStatus2WithOneLine(string[] args, string hint)
    {
        var output = new MemoryStream();
        var error = new MemoryStream();
        var status = Program.Invoke(args, new RunConsole(new MemoryStream(), output, error));
        var text = System.Text.Encoding.UTF8.GetString(error.ToArray());

        Assert.Equal(2, status);
        Assert.Equal(0, output.Length);
        Assert.Single(text.TrimEnd('\n').Split('\n'));
        Assert.StartsWith("microwasm: ", text);
        Assert.Contains($"(see: {hint})", text);
    }

    [Fact]
    [Trait("Category", CliProcess.Category)]
    public void AReaderThatGoesAwayEndsTheCommandQuietly()
    {
        var start = CliProcess.StartInfo("--help");
        using var process = Process.Start(start)!;
        process.StandardOutput.Close();   // the reader is gone before the help is written
        var error = process.StandardError.ReadToEnd();
        Assert.True(process.WaitForExit(20_000));
        Assert.Equal(141, process.ExitCode);
        Assert.DoesNotContain("Unhandled exception", error);
    }
}
