namespace Microwasm.Validation;

/// <summary>The module decodes but breaks a validation rule of the specification.</summary>
public sealed class WasmValidationException : WasmException
{
    public WasmValidationException(string message, int? functionIndex = null, int? offset = null)
        : base(Format(message, functionIndex, offset))
    {
        Reason = message;
        FunctionIndex = functionIndex;
        Offset = offset;
    }

    /// <summary>The rule that was broken, without location.</summary>
    public string Reason { get; }

    /// <summary>Index of the function (in the function index space) whose body is invalid, if any.</summary>
    public int? FunctionIndex { get; }

    /// <summary>Byte offset in the module of the offending instruction or entry, if known.</summary>
    public int? Offset { get; }

    private static string Format(string message, int? functionIndex, int? offset)
    {
        var where = (functionIndex, offset) switch
        {
            ({ } f, { } o) => $" (function {f}, byte 0x{o:X})",
            ({ } f, null) => $" (function {f})",
            (null, { } o) => $" (byte 0x{o:X})",
            _ => "",
        };
        return $"invalid module: {message}{where}";
    }
}
