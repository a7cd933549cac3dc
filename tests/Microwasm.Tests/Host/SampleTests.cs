using Microwasm.Samples.Embedding;
using Microwasm.Samples.NativeExport;

namespace Microwasm.Tests.Host;

/// <summary>Runs samples/embedding and samples/native-export and compares their output with their READMEs'.</summary>
public sealed class SampleTests
{
    [Fact]
    public void EmbeddingSampleRunsAsDocumented()
    {
        var output = new StringWriter();
        EmbeddingSample.Run(Path.Combine(AppContext.BaseDirectory, "guest.wasm"), output);
        Assert.Equal(
            """
            fib(25) = 75025
            to_upper changed 10 letters: HELLO FROM C#
            to_upper changed 3 letters: ABC
            trap: out of bounds memory access
            fib(10) = 55

            """, output.ToString().ReplaceLineEndings("\n"));
    }

    [Fact]
    public void NativeExportSampleRunsAsDocumented()
    {
        var output = new StringWriter();
        NativeExportSample.Run(Path.Combine(AppContext.BaseDirectory, "app.wasm"), output);
        Assert.Equal(
            """
            wasm says: 12345
            wasm says: hex follows
            wasm says: ff
            customized() = 1079
            overflow() trapped before the host ran: out of bounds memory access

            """, output.ToString().ReplaceLineEndings("\n"));
    }
}
