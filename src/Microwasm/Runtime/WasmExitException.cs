namespace Microwasm.Runtime;

/// <summary>
/// The guest asked to end the program with an exit status (libc <c>exit</c>, WASI <c>proc_exit</c>).
/// It is not a trap: the embedder catches it, unwinds the wasm stack and reports
/// <see cref="ExitCode"/> as the program's status.
/// </summary>
public sealed class WasmExitException : WasmException
{
    public WasmExitException(int exitCode) : base($"the program exited with status {exitCode}")
    {
        ExitCode = exitCode;
    }

    /// <summary>The status the guest passed to exit.</summary>
    public int ExitCode { get; }
}
