namespace Microwasm.Runtime;

/// <summary>An import could not be resolved, or resolved to an entity of the wrong type.</summary>
public sealed class WasmLinkException : WasmException
{
    public WasmLinkException(string message) : base(message)
    {
    }
}
