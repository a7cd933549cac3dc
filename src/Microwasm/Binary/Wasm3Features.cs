using Microwasm.Model;
using Microwasm.Validation;

namespace Microwasm.Binary;

/// <summary>
/// The encodings of WebAssembly 3.0 (and of the proposals its test suite covers) that Microwasm
/// does not execute, recognised so that a module using one is reported as
/// <see cref="WasmUnsupportedFeatureException"/> naming the feature, not as malformed or invalid.
/// Each recogniser looks at bytes WebAssembly 2.0 rejects; the exception keeps 2.0's error for
/// them (<see cref="WasmException.Wasm20Error"/>), so a 2.0 reading of the same module is unchanged.
/// </summary>
internal static class Wasm3Features
{
    public const string Memory64 = "memory64";
    public const string MultiMemory = "multi-memory";
    public const string Gc = "gc";
    public const string FunctionReferences = "function-references";
    public const string ExceptionHandling = "exception-handling";
    public const string TailCall = "tail-call";
    public const string ExtendedConst = "extended-const";
    public const string RelaxedSimd = "relaxed-simd";
    public const string Threads = "threads";
    public const string WideArithmetic = "wide-arithmetic";
    public const string CustomPageSizes = "custom-page-sizes";
    public const string CustomDescriptors = "custom-descriptors";
    public const string StackSwitching = "stack-switching";

    /// <summary>The feature used at <paramref name="position"/>, where WebAssembly 2.0 reports <paramref name="wasm20Message"/> as malformed.</summary>
    public static WasmUnsupportedFeatureException Unsupported(in WasmReader reader, int position, string feature, string wasm20Message)
    {
        var wasm20 = reader.ErrorAt(position, wasm20Message);
        return new WasmUnsupportedFeatureException(feature, wasm20, wasm20.Offset);
    }

    /// <summary>The feature used, where WebAssembly 2.0 reports the module invalid with <paramref name="wasm20"/>.</summary>
    public static WasmUnsupportedFeatureException Unsupported(string feature, WasmValidationException wasm20) =>
        new(feature, wasm20, wasm20.Offset);

    /// <summary>
    /// The feature of a type byte that is not a 2.0 value type, read with what follows it (the heap
    /// type of <c>(ref null? ht)</c>), or null when the bytes are no type at all. The reader is left
    /// after the type.
    /// </summary>
    public static string? OfValueType(ref WasmReader reader, byte b)
    {
        switch (b)
        {
            case 0x63: // (ref null ht)
            case 0x64: // (ref ht)
                return OfHeapType(ref reader, allowClassic: true);
            default:
                return OfAbstractHeapType(b);
        }
    }

    /// <summary>
    /// The feature of a heap type (<c>ref.null</c>'s immediate, or after 0x63/0x64) at the reader,
    /// or null if it is not one; with <paramref name="allowClassic"/>, func and extern are
    /// function references' long forms. The reader is left after it.
    /// </summary>
    public static string? OfHeapType(ref WasmReader reader, bool allowClassic)
    {
        var start = reader.Position;
        var b = reader.ReadByte();
        if (b is 0x70 or 0x6F)
        {
            return allowClassic ? FunctionReferences : null;
        }
        if (b == 0x62)
        {
            // (exact typeidx)
            reader.ReadVarU32();
            return CustomDescriptors;
        }
        if (OfAbstractHeapType(b) is { } feature)
        {
            return feature;
        }
        reader.Position = start;
        var index = reader.ReadVarS33();
        return index >= 0 ? FunctionReferences : null;
    }

    /// <summary>The feature of an abstract heap type byte (also a reference type's short form) beyond func and extern.</summary>
    public static string? OfAbstractHeapType(byte b) => b switch
    {
        0x6E or 0x6D or 0x6C or 0x6B or 0x6A or 0x71 or 0x72 or 0x73 => Gc, // any eq i31 struct array none noextern nofunc
        0x69 or 0x74 => ExceptionHandling, // exn noexn
        0x68 or 0x75 => StackSwitching, // cont nocont
        _ => null,
    };

    /// <summary>Reads a value type, or throws: unsupported for a 3.0 reference type, else malformed.</summary>
    public static ValueType ReadValueType(ref WasmReader reader, string wasm20Message)
    {
        var start = reader.Position;
        var b = reader.ReadByte();
        if (ValueTypes.IsValueType(b))
        {
            return (ValueType)b;
        }
        string? feature;
        try
        {
            feature = OfValueType(ref reader, b);
        }
        catch (WasmDecodeException wasm30)
        {
            throw Malformed(wasm30, reader.ErrorAt(start, wasm20Message));
        }
        throw UnsupportedOrMalformed(ref reader, start, feature, wasm20Message);
    }

    /// <summary>A type form of the type section other than <c>func</c> (0x60), or null.</summary>
    public static string? OfTypeForm(byte form) => form switch
    {
        0x5E or 0x5F or 0x50 or 0x4F or 0x4E => Gc, // array struct sub sub-final rec
        0x4D or 0x4C => CustomDescriptors, // descriptor describes
        0x5D => StackSwitching, // cont
        _ => null,
    };

    /// <summary>The feature of an opcode 2.0 does not have (no prefix's sub-opcodes), or null.</summary>
    public static string? OfOpcode(byte op) => op switch
    {
        0x06 or 0x07 or 0x08 or 0x09 or 0x0A or 0x18 or 0x19 or 0x1F => ExceptionHandling, // try catch throw rethrow throw_ref delegate catch_all try_table
        0x12 or 0x13 or 0x15 => TailCall, // return_call return_call_indirect return_call_ref
        0x14 or 0xD3 or 0xD4 or 0xD6 => FunctionReferences, // call_ref ref.as_non_null br_on_null br_on_non_null
        0xD5 or 0xFB => Gc, // ref.eq, the GC prefix
        >= 0xE0 and <= 0xE6 => StackSwitching, // cont.new ... switch
        0xFE => Threads, // the atomics prefix
        _ => null,
    };

    /// <summary>
    /// Reads a 32-bit limit or offset. WebAssembly 3.0 reads a u64 there (memory64's encoding, for
    /// every memory and table): a value beyond 32 bits is then invalid for a 32-bit memory or table
    /// (<paramref name="invalidMessage"/>) rather than malformed, which stays 2.0's error.
    /// </summary>
    public static uint ReadU32OrWide(ref WasmReader reader, string invalidMessage)
    {
        var copy = reader;
        try
        {
            return reader.ReadVarU32();
        }
        catch (WasmDecodeException wasm20)
        {
            ulong value;
            try
            {
                value = copy.ReadVarU64();
            }
            catch (WasmDecodeException)
            {
                throw wasm20;
            }
            // An overlong encoding of a 32-bit value is well formed in 3.0 but not in 2.0: 2.0's
            // error stands (no module of either suite depends on it).
            if (value <= uint.MaxValue)
            {
                throw;
            }
            throw new WasmValidationException(invalidMessage, offset: wasm20.Offset) { Wasm20Error = wasm20 };
        }
    }

    /// <summary>
    /// A feature's bytes that end or go wrong before the feature is read through: malformed in 3.0
    /// as <paramref name="wasm30"/> says, and in 2.0 as <paramref name="wasm20"/> does.
    /// </summary>
    public static WasmDecodeException Malformed(WasmDecodeException wasm30, WasmException wasm20) =>
        new(wasm30.Offset, wasm30.Reason) { Wasm20Error = wasm20 };

    private static WasmException UnsupportedOrMalformed(ref WasmReader reader, int start, string? feature, string wasm20Message) =>
        feature is null ? reader.ErrorAt(start, wasm20Message) : Unsupported(reader, start, feature, wasm20Message);
}
