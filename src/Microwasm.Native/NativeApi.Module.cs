using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microwasm.Model;
using Microwasm.Runtime;
using Microwasm.Wasi;

namespace Microwasm.Native;

internal static unsafe partial class NativeApi
{
    private const string LoadFailed = "WASM module load failed: ";

    // wasm_import_export_kind_t
    private const int KindFunc = 0;
    private const int KindTable = 1;
    private const int KindMemory = 2;
    private const int KindGlobal = 3;

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_load")]
    public static nint Load(byte* buffer, uint size, byte* errorBuffer, uint errorBufferSize)
    {
        try
        {
            if (!Initialized)
            {
                Interop.WriteError(errorBuffer, errorBufferSize, LoadFailed + "the runtime is not initialized (call wasm_runtime_init first)");
                return 0;
            }
            if (buffer == null)
            {
                Interop.WriteError(errorBuffer, errorBufferSize, LoadFailed + "the buffer is NULL");
                return 0;
            }
            if (!Charge(size, out var error))
            {
                Interop.WriteError(errorBuffer, errorBufferSize, LoadFailed + error);
                return 0;
            }
            try
            {
                // Microwasm keeps slices of the bytes (names, custom sections, code): a pinned copy, so
                // that the caller may free its buffer and custom sections have a stable address
                var bytes = GC.AllocateUninitializedArray<byte>((int)Math.Min(size, int.MaxValue), pinned: true);
                if (size > int.MaxValue)
                {
                    throw new OutOfMemoryException("the module is larger than 2 GiB");
                }
                new ReadOnlySpan<byte>(buffer, (int)size).CopyTo(bytes);
                var module = RuntimeFor(0).Load(bytes);
                var handle = new ModuleHandle(module, size);
                handle.Handle = Handles.Add(handle, HandleKind.Module);
                return handle.Handle;
            }
            catch
            {
                Refund(size);
                throw;
            }
        }
        catch (Exception e)
        {
            Interop.WriteError(errorBuffer, errorBufferSize, LoadFailed + e.Message);
            return 0;
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_unload")]
    public static void Unload(nint module)
    {
        try
        {
            if (Handles.Get<ModuleHandle>(module, HandleKind.Module) is not { } handle)
            {
                return;
            }
            Handles.Remove(module);
            foreach (var type in handle.FuncTypes.Values)
            {
                Handles.Remove(type);
            }
            FreeNames(handle);
            Refund(handle.Charged);
        }
        catch
        {
            // nothing to report to
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "get_package_type")]
    public static int GetPackageType(byte* buffer, uint size) => PackageType(buffer, size);

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_get_file_package_type")]
    public static int GetFilePackageType(byte* buffer, uint size) => PackageType(buffer, size);

    private static int PackageType(byte* buffer, uint size)
    {
        if (buffer == null || size < 4)
        {
            return 0xFFFF;
        }
        if (buffer[0] == 0 && buffer[1] == 'a' && buffer[2] == 's' && buffer[3] == 'm')
        {
            return 0;
        }
        return buffer[0] == 0 && buffer[1] == 'a' && buffer[2] == 'o' && buffer[3] == 't' ? 1 : 0xFFFF;
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_set_wasi_args")]
    public static void SetWasiArgs(nint module, byte** dirList, uint dirCount, byte** mapDirList, uint mapDirCount,
        byte** env, uint envCount, byte** argv, int argc)
    {
        try
        {
            if (Handles.Get<ModuleHandle>(module, HandleKind.Module) is not { } handle)
            {
                return;
            }
            handle.Wasi = new WasiArgs(
                Interop.Strings(dirList, dirCount),
                Interop.Strings(mapDirList, mapDirCount),
                Interop.Strings(env, envCount),
                Interop.Strings(argv, argc));
        }
        catch
        {
            // nothing to report to: the module keeps its earlier WASI settings
        }
    }

    /// <summary>
    /// As wasm_runtime_set_wasi_args, and the host's file descriptors behind the guest's fds 0, 1
    /// and 2 (-1: the process's own). The descriptors are not closed by the runtime.
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_set_wasi_args_ex")]
    public static void SetWasiArgsEx(nint module, byte** dirList, uint dirCount, byte** mapDirList, uint mapDirCount,
        byte** env, uint envCount, byte** argv, int argc, long stdinFd, long stdoutFd, long stderrFd)
    {
        try
        {
            if (Handles.Get<ModuleHandle>(module, HandleKind.Module) is not { } handle)
            {
                return;
            }
            handle.Wasi = new WasiArgs(
                Interop.Strings(dirList, dirCount),
                Interop.Strings(mapDirList, mapDirCount),
                Interop.Strings(env, envCount),
                Interop.Strings(argv, argc))
            {
                Stdin = stdinFd,
                Stdout = stdoutFd,
                Stderr = stderrFd,
            };
        }
        catch
        {
            // nothing to report to: the module keeps its earlier WASI settings
        }
    }

    /// <summary>A stream over a host file descriptor the runtime does not own; null for a negative one.</summary>
    private static Stream? StreamOf(long fd, FileAccess access) =>
        fd < 0 || fd > int.MaxValue
            ? null
            : new FileStream(new Microsoft.Win32.SafeHandles.SafeFileHandle((nint)fd, ownsHandle: false), access, bufferSize: 0);

    /// <summary>WASI for an instance of <paramref name="module"/>, as wasm_runtime_set_wasi_args said.</summary>
    private static WasiPreview1 CreateWasi(ModuleHandle module)
    {
        var configuration = new WasiConfiguration();
        if (module.Wasi is { } args)
        {
            configuration.Arguments.AddRange(args.Arguments);
            foreach (var variable in args.Environment)
            {
                var equals = variable.IndexOf('=');
                configuration.Environment.Add(equals < 0
                    ? new KeyValuePair<string, string>(variable, "")
                    : new KeyValuePair<string, string>(variable[..equals], variable[(equals + 1)..]));
            }
            foreach (var directory in args.Directories)
            {
                configuration.WithDirectory(directory);
            }
            foreach (var mapped in args.MappedDirectories)
            {
                configuration.PreopenedDirectories.Add(WasiConfiguration.ParseMapDirectory(mapped));
            }
            configuration.StandardInput = StreamOf(args.Stdin, FileAccess.Read);
            configuration.StandardOutput = StreamOf(args.Stdout, FileAccess.Write);
            configuration.StandardError = StreamOf(args.Stderr, FileAccess.Write);
        }
        return new WasiPreview1(configuration);
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_get_import_count")]
    public static int GetImportCount(nint module) =>
        Handles.Get<ModuleHandle>(module, HandleKind.Module) is { } handle ? handle.Module.Module.Imports.Length : -1;

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_get_export_count")]
    public static int GetExportCount(nint module) =>
        Handles.Get<ModuleHandle>(module, HandleKind.Module) is { } handle ? handle.Module.Module.Exports.Length : -1;

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_get_import_type")]
    public static void GetImportType(nint module, int index, CImport* import)
    {
        try
        {
            if (import == null)
            {
                return;
            }
            *import = default;
            if (Handles.Get<ModuleHandle>(module, HandleKind.Module) is not { } handle)
            {
                return;
            }
            var imports = handle.Module.Module.Imports;
            if (index < 0 || index >= imports.Length)
            {
                return;
            }
            var entry = imports[index];
            import->ModuleName = Name(handle, entry.ModuleName);
            import->Name = Name(handle, entry.Name);
            import->Kind = KindOf(entry.Kind);
            if (entry.Kind == ExternalKind.Function)
            {
                import->Type = FuncTypeHandle(handle, handle.Module.Module.Types[entry.TypeIndex]);
                import->Linked = IsLinked(entry.ModuleName, entry.Name) ? (byte)1 : (byte)0;
            }
        }
        catch
        {
            // the zeroed entry says nothing was found
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_get_export_type")]
    public static void GetExportType(nint module, int index, CExport* export)
    {
        try
        {
            if (export == null)
            {
                return;
            }
            *export = default;
            if (Handles.Get<ModuleHandle>(module, HandleKind.Module) is not { } handle)
            {
                return;
            }
            var exports = handle.Module.Module.Exports;
            if (index < 0 || index >= exports.Length)
            {
                return;
            }
            var entry = exports[index];
            export->Name = Name(handle, entry.Name);
            export->Kind = KindOf(entry.Kind);
            if (entry.Kind == ExternalKind.Function)
            {
                export->Type = FuncTypeHandle(handle, handle.Module.Module.GetFunctionType(entry.Index));
            }
        }
        catch
        {
            // the zeroed entry says nothing was found
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_func_type_get_param_count")]
    public static uint FuncTypeParamCount(nint type) =>
        Handles.Get<FuncType>(type, HandleKind.FuncType) is { } t ? (uint)t.Parameters.Length : 0;

    [UnmanagedCallersOnly(EntryPoint = "wasm_func_type_get_result_count")]
    public static uint FuncTypeResultCount(nint type) =>
        Handles.Get<FuncType>(type, HandleKind.FuncType) is { } t ? (uint)t.Results.Length : 0;

    // WAMR documents "-1 otherwise" for a wasm_valkind_t (a uint8_t): 0xFF
    [UnmanagedCallersOnly(EntryPoint = "wasm_func_type_get_param_valkind")]
    public static byte FuncTypeParamKind(nint type, uint index) =>
        Handles.Get<FuncType>(type, HandleKind.FuncType) is { } t && index < t.Parameters.Length ? Interop.ValKind(t.Parameters[(int)index]) : (byte)0xFF;

    [UnmanagedCallersOnly(EntryPoint = "wasm_func_type_get_result_valkind")]
    public static byte FuncTypeResultKind(nint type, uint index) =>
        Handles.Get<FuncType>(type, HandleKind.FuncType) is { } t && index < t.Results.Length ? Interop.ValKind(t.Results[(int)index]) : (byte)0xFF;

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_get_custom_section")]
    public static byte* GetCustomSection(nint module, byte* name, uint* length)
    {
        try
        {
            if (Handles.Get<ModuleHandle>(module, HandleKind.Module) is not { } handle || Interop.Utf8(name) is not { } wanted)
            {
                return null;
            }
            foreach (var section in handle.Module.Module.CustomSections)
            {
                if (section.Name == wanted)
                {
                    if (length != null)
                    {
                        *length = (uint)section.Content.Length;
                    }
                    // the content is a slice of the pinned copy made by wasm_runtime_load
                    return (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetReference(section.Content.Span));
                }
            }
            return null;
        }
        catch
        {
            return null;
        }
    }

    private static int KindOf(ExternalKind kind) => kind switch
    {
        ExternalKind.Function => KindFunc,
        ExternalKind.Table => KindTable,
        ExternalKind.Memory => KindMemory,
        _ => KindGlobal,
    };

    /// <summary>A NUL-terminated copy of <paramref name="name"/> that lives until the module is unloaded.</summary>
    private static nint Name(ModuleHandle module, string name)
    {
        lock (module.Names)
        {
            if (!module.Names.TryGetValue(name, out var text))
            {
                text = (nint)Interop.AllocUtf8(name);
                module.Names[name] = text;
            }
            return text;
        }
    }

    private static nint FuncTypeHandle(ModuleHandle module, FuncType type)
    {
        lock (module.FuncTypes)
        {
            if (!module.FuncTypes.TryGetValue(type, out var handle))
            {
                handle = Handles.Add(type, HandleKind.FuncType);
                module.FuncTypes[type] = handle;
            }
            return handle;
        }
    }
}
