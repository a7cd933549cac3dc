namespace Microwasm.Wasi;

/// <summary>
/// Thrown by <c>proc_exit</c>. Not a trap: the program asked to end, and the runner turns
/// <see cref="ExitCode"/> into the process exit code.
/// </summary>
public sealed class WasiExitException : Exception
{
    public WasiExitException(int exitCode)
        : base($"the program exited with code {exitCode}")
    {
        ExitCode = exitCode;
    }

    /// <summary>The value the guest passed to <c>proc_exit</c> (a WASI exitcode is u32; read as int).</summary>
    public int ExitCode { get; }
}
