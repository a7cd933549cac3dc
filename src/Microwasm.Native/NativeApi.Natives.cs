using System.Runtime.InteropServices;
using Microwasm.Wasi;

namespace Microwasm.Native;

internal static unsafe partial class NativeApi
{
    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_register_natives")]
    public static byte RegisterNatives(byte* moduleName, CNativeSymbol* symbols, uint count) => Register(moduleName, symbols, count, raw: false);

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_register_natives_raw")]
    public static byte RegisterNativesRaw(byte* moduleName, CNativeSymbol* symbols, uint count) => Register(moduleName, symbols, count, raw: true);

    private static byte Register(byte* moduleName, CNativeSymbol* symbols, uint count, bool raw)
    {
        try
        {
            var module = Interop.Utf8(moduleName);
            if (!Initialized || module is null || (symbols == null && count > 0))
            {
                return 0;
            }
            var natives = ReadNatives(module, symbols, count, raw, out _);
            if (natives is null)
            {
                return 0;
            }
            lock (s_lock)
            {
                s_natives.InsertRange(0, natives);
            }
            return 1;
        }
        catch
        {
            return 0;
        }
    }

    /// <summary>
    /// Copies a NativeSymbol table: names and signatures are read now (WAMR reads them at each
    /// instantiation from the caller's array). Null when an entry has no name or function, or its
    /// signature is malformed: nothing of the table is registered then.
    /// </summary>
    private static List<CNative>? ReadNatives(string module, CNativeSymbol* symbols, uint count, bool raw, out string? error)
    {
        error = null;
        var natives = new List<CNative>((int)Math.Min(count, 4096));
        for (uint i = 0; i < count; i++)
        {
            var symbol = symbols[i];
            var name = Interop.Utf8(symbol.Symbol);
            var signature = Interop.Utf8(symbol.Signature);
            if (name is null || symbol.FuncPtr == 0)
            {
                error = $"native {i} has no {(name is null ? "name" : "function")}";
                return null;
            }
            if (signature is not null)
            {
                try
                {
                    CNative.CheckSignature(signature);
                }
                catch (ArgumentException e)
                {
                    error = e.Message;
                    return null;
                }
            }
            if (!raw && !CNative.CanCallAnySignature)
            {
                error = "this build calls natives of any signature only on x86-64 and AArch64: use wasm_runtime_register_natives_raw";
                return null;
            }
            natives.Add(new CNative(module, name, symbol.FuncPtr, signature, symbol.Attachment, raw) { Table = (nint)symbols });
        }
        // in a table the first entry of a name wins, as WAMR searches a table in order
        return natives;
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_unregister_natives")]
    public static byte UnregisterNatives(byte* moduleName, CNativeSymbol* symbols)
    {
        try
        {
            var module = Interop.Utf8(moduleName);
            if (module is null || symbols == null)
            {
                return 0;
            }
            lock (s_lock)
            {
                return s_natives.RemoveAll(n => n.Module == module && n.Table == (nint)symbols) > 0 ? (byte)1 : (byte)0;
            }
        }
        catch
        {
            return 0;
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_is_import_func_linked")]
    public static byte IsImportFuncLinked(byte* moduleName, byte* functionName)
    {
        try
        {
            var module = Interop.Utf8(moduleName);
            var name = Interop.Utf8(functionName);
            return module is not null && name is not null && IsLinked(module, name) ? (byte)1 : (byte)0;
        }
        catch
        {
            return 0;
        }
    }

    /// <summary>True when a registered native or WASI provides the function (the builtin libc's names are not listed here).</summary>
    private static bool IsLinked(string module, string name)
    {
        if (module is WasiPreview1.ModuleName or WasiPreview1.UnstableModuleName)
        {
            return true;
        }
        lock (s_lock)
        {
            return s_natives.Exists(n => n.Module == module && n.Name == name);
        }
    }
}
