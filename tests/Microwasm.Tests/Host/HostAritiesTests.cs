using System.Text;
using Microwasm.CodeGen;

namespace Microwasm.Tests.Host;

/// <summary>The per-arity host code is generated (tools/codegen/HostArities.cs): the committed output must be current.</summary>
public sealed class HostAritiesTests
{
    [Fact]
    public void TheCommittedOutputIsWhatTheGeneratorWrites()
    {
        var committed = File.ReadAllBytes(Path.Combine(RepositoryRoot(), HostArities.OutputPath));
        var generated = Encoding.UTF8.GetBytes(HostArities.Generate());
        // on failure: dotnet run tools/codegen/HostArities.cs, from the repository root
        Assert.True(committed.AsSpan().SequenceEqual(generated), $"{HostArities.OutputPath} is stale: run tools/codegen/HostArities.cs");
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Microwasm.slnx")))
            {
                return dir.FullName;
            }
        }
        throw new DirectoryNotFoundException("no Microwasm.slnx above " + AppContext.BaseDirectory);
    }
}
