using System.Runtime.InteropServices;
using System.Text;
using Microwasm.Model;
using Microwasm.Runtime;

namespace Microwasm.Native;

internal static unsafe partial class NativeApi
{
    /// <summary>
    /// Stops the instance as if it trapped: a call running on another thread traps at its next loop
    /// back-edge or call with "terminated by user" (a native that blocks is not woken), and the
    /// exception stays until cleared, so later calls do not run either.
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_terminate")]
    public static void Terminate(nint instance)
    {
        try
        {
            if (Handles.Get<InstanceHandle>(instance, HandleKind.Instance) is not { } handle)
            {
                return;
            }
            lock (handle.Gate)
            {
                handle.SetException(ExceptionPrefix + "terminated by user");
                handle.Running?.RequestInterrupt();
            }
        }
        catch
        {
            // nothing to report to
        }
    }

    /// <summary>
    /// Runs the program's entry point on the instance's singleton exec env: a WASI command's
    /// <c>_start</c> (proc_exit counts as success; the status is wasm_runtime_get_wasi_exit_code's),
    /// or else <c>main</c>, <c>__main_argc_argv</c> or <c>_main</c>, of type () or (i32 argc, i32 argv)
    /// with an optional i32 result, given argv copied into the app heap; its result replaces the
    /// first int of argv.
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = "wasm_application_execute_main")]
    public static byte ExecuteMain(nint instance, int argc, byte** argv)
    {
        InstanceHandle? handle = null;
        try
        {
            if ((handle = Handles.Get<InstanceHandle>(instance, HandleKind.Instance)) is null)
            {
                return 0;
            }
            var env = SingletonOf(handle);
            if (handle.Wasi is not null && LookupExport(handle, "_start") is var start && start != 0)
            {
                var target = Handles.Get<FunctionHandle>(start, HandleKind.Function)!;
                Span<ulong> none = stackalloc ulong[Math.Max(Math.Max(target.Function.ParameterSlots, target.Function.ResultSlots), 1)];
                if (target.Function.Type.Parameters.Length != 0)
                {
                    handle.SetException(ExceptionPrefix + $"_start is func {target.Function.Type}, not func () -> ()");
                    return 0;
                }
                if (Run(env, target, none))
                {
                    return 1;
                }
                if (handle.Exception == ExceptionPrefix + "wasi proc exit")
                {
                    handle.SetException(null);
                    return 1;
                }
                return 0;
            }

            var function = LookupExport(handle, "main");
            function = function != 0 ? function : LookupExport(handle, "__main_argc_argv");
            function = function != 0 ? function : LookupExport(handle, "_main");
            if (Handles.Get<FunctionHandle>(function, HandleKind.Function) is not { } main)
            {
                handle.SetException(ExceptionPrefix + "lookup the entry point symbol (like _start, main, _main, __main_argc_argv) failed");
                return 0;
            }
            var type = main.Function.Type;
            var takesArguments = type.Parameters.Length == 2 && type.Parameters[0] == ValueType.I32 && type.Parameters[1] == ValueType.I32;
            if (!(type.Parameters.Length == 0 || takesArguments) || type.Results.Length > 1 ||
                (type.Results.Length == 1 && type.Results[0] != ValueType.I32))
            {
                handle.SetException(ExceptionPrefix + "invalid function type of main function");
                return 0;
            }
            Span<ulong> slots = stackalloc ulong[2];
            uint block = 0;
            if (takesArguments)
            {
                var arguments = Interop.Strings(argv, argc);
                // the strings, NUL-terminated, then the array of their app addresses
                var text = new List<byte>();
                var offsets = new List<int>();
                foreach (var argument in arguments)
                {
                    offsets.Add(text.Count);
                    text.AddRange(Encoding.UTF8.GetBytes(argument));
                    text.Add(0);
                }
                while (text.Count % 4 != 0)
                {
                    text.Add(0);
                }
                var textSize = text.Count;
                foreach (var _ in offsets)
                {
                    text.AddRange(new byte[4]);
                }
                if (!MemoryOf(instance, out _, out var memory) || memory is null ||
                    (block = Allocate(handle, () => handle.Instance.Heap?.Malloc((uint)Math.Max(text.Count, 1)) ?? 0)) == 0)
                {
                    handle.SetException(ExceptionPrefix + "allocate memory failed");
                    return 0;
                }
                var bytes = text.ToArray();
                for (var i = 0; i < offsets.Count; i++)
                {
                    BitConverter.TryWriteBytes(bytes.AsSpan(textSize + i * 4), block + (uint)offsets[i]);
                }
                bytes.CopyTo(new Span<byte>(memory.Base + block, bytes.Length));
                slots[0] = (uint)arguments.Length;
                slots[1] = block + (uint)textSize;
            }
            var ok = Run(env, main, slots);
            if (ok && type.Results.Length == 1 && argc > 0 && argv != null)
            {
                *(int*)argv = (int)(uint)slots[0];
            }
            if (block != 0)
            {
                handle.Instance.Heap?.Free(block);
            }
            return ok ? (byte)1 : (byte)0;
        }
        catch (Exception e)
        {
            handle?.SetException(ExceptionPrefix + e.Message);
            return 0;
        }
    }
}
