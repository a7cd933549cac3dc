using Microwasm.Cli.Commands;

namespace Microwasm.Cli.Tests;

public class ValidateCommandTests
{
    [Fact]
    public void MissingFileIsReportedAndFails()
    {
        var output = new StringWriter();

        var exitCode = ValidateCommand.Run(["no-such-file.wasm"], output);

        Assert.Equal(1, exitCode);
        Assert.StartsWith("no-such-file.wasm: ", output.ToString());
    }
}
