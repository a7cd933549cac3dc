namespace Microwasm.Cli;

/// <summary>
/// What a process does with what reaches its <c>Main</c>: <c>microwasm</c>'s and that of every program
/// <c>compile --native</c> writes (<see cref="Native.NativeProgram"/>).
/// </summary>
internal static class TopLevel
{
    private const int BrokenPipe = 32;   // EPIPE

    /// <summary>Runs <paramref name="main"/>; returns its exit status, or the one for what it threw.</summary>
    public static int Run(Func<int> main)
    {
        try
        {
            return main();
        }
        catch (IOException e) when (e.HResult == BrokenPipe)
        {
            // the reader went away (`microwasm inspect x.wasm | head`): stop quietly, as a process
            // killed by SIGPIPE would, instead of a stack trace on standard error
            return 128 + 13;
        }
        catch (Exception e)
        {
            // not a verdict on any input but a defect in Microwasm: say so (as System.CommandLine's handler did)
            Console.Error.WriteLine($"Unhandled exception: {e}");
            return 1;
        }
    }
}
