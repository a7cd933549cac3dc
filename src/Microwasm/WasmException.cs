namespace Microwasm;

/// <summary>Base of every error Microwasm raises about a module or its execution.</summary>
public abstract class WasmException : Exception
{
    protected WasmException(string message, Exception? inner = null) : base(message, inner)
    {
    }
}
