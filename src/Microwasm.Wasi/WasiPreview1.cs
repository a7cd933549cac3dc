using System.Net.Sockets;
using System.Text;
using Microwasm.Host;
using Microwasm.Model;
using Microwasm.Runtime;

namespace Microwasm.Wasi;

/// <summary>
/// WASI preview 1: the host functions of <c>wasi_snapshot_preview1</c> (and of its predecessor
/// <c>wasi_unstable</c>) for one program, with that program's descriptor table.
/// </summary>
/// <remarks>
/// One <see cref="WasiPreview1"/> serves one running program: its descriptors, arguments and environment
/// are state. Functions take the calling instance's memory from
/// <see cref="ExecutionEnvironment.CallerInstance"/>. Errors are returned as WASI errnos, including
/// EFAULT for a guest pointer outside memory; only <c>proc_exit</c> leaves by exception
/// (<see cref="WasmExitException"/>).
/// </remarks>
public sealed partial class WasiPreview1 : IDisposable
{
    /// <summary>The import module name of WASI preview 1.</summary>
    public const string ModuleName = "wasi_snapshot_preview1";

    /// <summary>The import module name of the snapshot before preview 1 (a few layouts differ).</summary>
    public const string UnstableModuleName = "wasi_unstable";

    private const ValueType I = ValueType.I32;
    private const ValueType L = ValueType.I64;

    private readonly WasiFileTable _files;
    private readonly byte[][] _arguments;
    private readonly byte[][] _environment;

    private delegate Errno WasiCall(GuestMemory memory, Span<ulong> args);

    public WasiPreview1(WasiConfiguration configuration)
    {
        _arguments = [.. configuration.Arguments.Select(EncodeCString)];
        _environment = [.. configuration.Environment.Select(e => EncodeCString(e.Key + "=" + e.Value))];
        _files = new WasiFileTable(Math.Max(configuration.MaxOpenFiles, 3 + configuration.PreopenedDirectories.Count + configuration.PreopenedSockets.Count));

        _files.Add(Stdio(configuration.StandardInput, Console.OpenStandardInput, Rights.FdRead));
        _files.Add(Stdio(configuration.StandardOutput, Console.OpenStandardOutput, Rights.FdWrite));
        _files.Add(Stdio(configuration.StandardError, Console.OpenStandardError, Rights.FdWrite));

        foreach (var preopen in configuration.PreopenedDirectories)
        {
            var root = new WasiSandboxRoot(preopen.HostPath);
            if (!Directory.Exists(root.HostPath))
            {
                throw new DirectoryNotFoundException($"pre-opened directory '{preopen.HostPath}' does not exist");
            }
            _files.Add(new WasiFileDescriptor
            {
                Type = FileType.Directory,
                RightsBase = Rights.Directory,
                RightsInheriting = Rights.Directory | Rights.RegularFile,
                Root = root,
                PreopenName = preopen.GuestPath,
            });
        }
        foreach (var socket in configuration.PreopenedSockets)
        {
            _files.Add(new WasiFileDescriptor
            {
                Type = socket.SocketType == SocketType.Dgram ? FileType.SocketDgram : FileType.SocketStream,
                RightsBase = Rights.Socket,
                RightsInheriting = Rights.Socket,
                Socket = socket,
            });
        }
    }

    /// <summary>How a host callback finds the guest's memory; tests substitute a memory of their own.</summary>
    internal Func<ExecutionEnvironment, MemoryInstance?> MemoryResolver { get; set; } = static context => context.CallerInstance?.Memory;

    /// <summary>
    /// Creates a <see cref="WasiPreview1"/> for <paramref name="configuration"/> and returns its imports
    /// (the caller owns nothing to dispose beyond the configured streams).
    /// </summary>
    public static IEnumerable<(string Module, string Name, HostFunction Function)> CreateImports(WasiConfiguration configuration) =>
        new WasiPreview1(configuration).CreateImports();

    /// <summary>Every function, once under <c>wasi_snapshot_preview1</c> and once under <c>wasi_unstable</c>.</summary>
    public IEnumerable<(string Module, string Name, HostFunction Function)> CreateImports()
    {
        foreach (var (name, function) in CreateFunctions(unstable: false))
        {
            yield return (ModuleName, name, function);
        }
        foreach (var (name, function) in CreateFunctions(unstable: true))
        {
            yield return (UnstableModuleName, name, function);
        }
    }

    /// <summary>Hands every import to <paramref name="define"/> (e.g. <c>linker.Define</c>).</summary>
    public void Define(Action<string, string, Extern> define)
    {
        foreach (var (module, name, function) in CreateImports())
        {
            define(module, name, function);
        }
    }

    /// <summary>Closes every descriptor the guest left open (the configured stdio streams stay open).</summary>
    public void Dispose() => _files.CloseAll();

    private IEnumerable<(string Name, HostFunction Function)> CreateFunctions(bool unstable)
    {
        yield return Function("args_get", [I, I], (m, a) => ArgsGet(m, _arguments, U32(a[0]), U32(a[1])));
        yield return Function("args_sizes_get", [I, I], (m, a) => SizesGet(m, _arguments, U32(a[0]), U32(a[1])));
        yield return Function("environ_get", [I, I], (m, a) => ArgsGet(m, _environment, U32(a[0]), U32(a[1])));
        yield return Function("environ_sizes_get", [I, I], (m, a) => SizesGet(m, _environment, U32(a[0]), U32(a[1])));
        yield return Function("clock_res_get", [I, I], (m, a) => ClockResGet(m, U32(a[0]), U32(a[1])));
        yield return Function("clock_time_get", [I, L, I], (m, a) => ClockTimeGet(m, U32(a[0]), a[1], U32(a[2])));
        yield return Function("fd_advise", [I, L, L, I], (m, a) => FdAdvise(U32(a[0]), a[1], a[2], U32(a[3])));
        yield return Function("fd_allocate", [I, L, L], (m, a) => FdAllocate(U32(a[0]), a[1], a[2]));
        yield return Function("fd_close", [I], (m, a) => FdClose(U32(a[0])));
        yield return Function("fd_datasync", [I], (m, a) => FdSync(U32(a[0]), Rights.FdDatasync));
        yield return Function("fd_fdstat_get", [I, I], (m, a) => FdFdstatGet(m, U32(a[0]), U32(a[1])));
        yield return Function("fd_fdstat_set_flags", [I, I], (m, a) => FdFdstatSetFlags(U32(a[0]), U32(a[1])));
        yield return Function("fd_fdstat_set_rights", [I, L, L], (m, a) => FdFdstatSetRights(U32(a[0]), a[1], a[2]));
        yield return Function("fd_filestat_get", [I, I], (m, a) => FdFilestatGet(m, U32(a[0]), U32(a[1]), unstable));
        yield return Function("fd_filestat_set_size", [I, L], (m, a) => FdFilestatSetSize(U32(a[0]), a[1]));
        yield return Function("fd_filestat_set_times", [I, L, L, I], (m, a) => FdFilestatSetTimes(U32(a[0]), a[1], a[2], U32(a[3])));
        yield return Function("fd_pread", [I, I, I, L, I], (m, a) => FdPread(m, U32(a[0]), U32(a[1]), U32(a[2]), a[3], U32(a[4])));
        yield return Function("fd_prestat_get", [I, I], (m, a) => FdPrestatGet(m, U32(a[0]), U32(a[1])));
        yield return Function("fd_prestat_dir_name", [I, I, I], (m, a) => FdPrestatDirName(m, U32(a[0]), U32(a[1]), U32(a[2])));
        yield return Function("fd_pwrite", [I, I, I, L, I], (m, a) => FdPwrite(m, U32(a[0]), U32(a[1]), U32(a[2]), a[3], U32(a[4])));
        yield return Function("fd_read", [I, I, I, I], (m, a) => FdRead(m, U32(a[0]), U32(a[1]), U32(a[2]), U32(a[3])));
        yield return Function("fd_readdir", [I, I, I, L, I], (m, a) => FdReaddir(m, U32(a[0]), U32(a[1]), U32(a[2]), a[3], U32(a[4])));
        yield return Function("fd_renumber", [I, I], (m, a) => FdRenumber(U32(a[0]), U32(a[1])));
        yield return Function("fd_seek", [I, L, I, I], (m, a) => FdSeek(m, U32(a[0]), (long)a[1], U32(a[2]), U32(a[3]), unstable));
        yield return Function("fd_sync", [I], (m, a) => FdSync(U32(a[0]), Rights.FdSync));
        yield return Function("fd_tell", [I, I], (m, a) => FdTell(m, U32(a[0]), U32(a[1])));
        yield return Function("fd_write", [I, I, I, I], (m, a) => FdWrite(m, U32(a[0]), U32(a[1]), U32(a[2]), U32(a[3])));
        yield return Function("path_create_directory", [I, I, I], (m, a) => PathCreateDirectory(m, U32(a[0]), U32(a[1]), U32(a[2])));
        yield return Function("path_filestat_get", [I, I, I, I, I], (m, a) => PathFilestatGet(m, U32(a[0]), U32(a[1]), U32(a[2]), U32(a[3]), U32(a[4]), unstable));
        yield return Function("path_filestat_set_times", [I, I, I, I, L, L, I], (m, a) => PathFilestatSetTimes(m, U32(a[0]), U32(a[1]), U32(a[2]), U32(a[3]), a[4], a[5], U32(a[6])));
        yield return Function("path_link", [I, I, I, I, I, I, I], (m, a) => PathLink(m, U32(a[0]), U32(a[1]), U32(a[2]), U32(a[3]), U32(a[4]), U32(a[5]), U32(a[6])));
        yield return Function("path_open", [I, I, I, I, I, L, L, I, I], (m, a) => PathOpen(m, U32(a[0]), U32(a[1]), U32(a[2]), U32(a[3]), U32(a[4]), a[5], a[6], U32(a[7]), U32(a[8])));
        yield return Function("path_readlink", [I, I, I, I, I, I], (m, a) => PathReadlink(m, U32(a[0]), U32(a[1]), U32(a[2]), U32(a[3]), U32(a[4]), U32(a[5])));
        yield return Function("path_remove_directory", [I, I, I], (m, a) => PathRemoveDirectory(m, U32(a[0]), U32(a[1]), U32(a[2])));
        yield return Function("path_rename", [I, I, I, I, I, I], (m, a) => PathRename(m, U32(a[0]), U32(a[1]), U32(a[2]), U32(a[3]), U32(a[4]), U32(a[5])));
        yield return Function("path_symlink", [I, I, I, I, I], (m, a) => PathSymlink(m, U32(a[0]), U32(a[1]), U32(a[2]), U32(a[3]), U32(a[4])));
        yield return Function("path_unlink_file", [I, I, I], (m, a) => PathUnlinkFile(m, U32(a[0]), U32(a[1]), U32(a[2])));
        yield return Function("poll_oneoff", [I, I, I, I], (m, a) => PollOneoff(m, U32(a[0]), U32(a[1]), U32(a[2]), U32(a[3]), unstable));
        yield return ("proc_exit", new HostFunction(new FuncType([I], []), static (_, slots) => throw new WasmExitException((int)(uint)slots[0]), "proc_exit"));
        yield return Function("proc_raise", [I], (m, a) => Errno.NoSys);
        yield return Function("sched_yield", [], (m, a) => SchedYield());
        yield return Function("random_get", [I, I], (m, a) => RandomGet(m, U32(a[0]), U32(a[1])));
        if (!unstable)
        {
            yield return Function("sock_accept", [I, I, I], (m, a) => SockAccept(m, U32(a[0]), U32(a[1]), U32(a[2])));
        }
        yield return Function("sock_recv", [I, I, I, I, I, I], (m, a) => SockRecv(m, U32(a[0]), U32(a[1]), U32(a[2]), U32(a[3]), U32(a[4]), U32(a[5])));
        yield return Function("sock_send", [I, I, I, I, I], (m, a) => SockSend(m, U32(a[0]), U32(a[1]), U32(a[2]), U32(a[3]), U32(a[4])));
        yield return Function("sock_shutdown", [I, I], (m, a) => SockShutdown(U32(a[0]), U32(a[1])));
    }

    /// <summary>Wraps a body returning an errno: memory lookup, exception translation, the i32 result.</summary>
    private (string, HostFunction) Function(string name, ValueType[] parameters, WasiCall body)
    {
        var type = new FuncType(parameters, [I]);
        return (name, new HostFunction(type, (context, slots) => slots[0] = (ulong)Call(context, slots, body), name));
    }

    private Errno Call(ExecutionEnvironment context, Span<ulong> slots, WasiCall body)
    {
        var memory = MemoryResolver(context)
            ?? throw new WasmTrap(TrapKind.Host, "a WASI function was called by an instance without a memory");
        var caller = t_context;
        t_context = context;
        try
        {
            return body(new GuestMemory(memory), slots);
        }
        catch (WasiErrnoException e)
        {
            return e.Errno;
        }
        catch (WasmTrap e) when (e.Kind == TrapKind.OutOfBoundsMemoryAccess)
        {
            // a guest pointer failed GuestMemory's check: WASI reports it instead of trapping
            return Errno.Fault;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or SocketException
            or ObjectDisposedException or NotSupportedException or ArgumentException)
        {
            return HostFileSystem.FromException(e);
        }
        finally
        {
            t_context = caller;
        }
    }

    /// <summary>The context of the WASI call running on this thread, for bodies that wait (see <see cref="ThrowIfInterrupted"/>).</summary>
    [ThreadStatic]
    private static ExecutionEnvironment? t_context;

    /// <summary>Ends a waiting call with an <see cref="TrapKind.Interrupted"/> trap once the embedder asked the caller to stop.</summary>
    private static void ThrowIfInterrupted()
    {
        if (t_context is { IsInterruptRequested: true })
        {
            throw new WasmTrap(TrapKind.Interrupted);
        }
    }

    private static uint U32(ulong slot) => (uint)slot;

    private static byte[] EncodeCString(string value)
    {
        var bytes = new byte[Encoding.UTF8.GetByteCount(value) + 1];
        Encoding.UTF8.GetBytes(value, bytes);
        return bytes;
    }

    private static WasiFileDescriptor Stdio(Stream? configured, Func<Stream> console, Rights direction)
    {
        var stream = configured ?? console();
        // A seekable file behaves as one; anything else is reported as a terminal-like character
        // device without seek rights, which is what wasi-libc's isatty() looks for.
        var seekable = stream is FileStream { CanSeek: true };
        var owns = configured is null;
        if (direction == Rights.FdRead && !stream.CanSeek)
        {
            // a pipe or terminal may block for ever: read it where an interrupt can end the wait
            stream = new InterruptibleInputStream(stream, owns, ThrowIfInterrupted);
            owns = true;
        }
        return new WasiFileDescriptor
        {
            Type = seekable ? FileType.RegularFile : FileType.CharacterDevice,
            RightsBase = seekable ? Rights.RegularFile : direction | Rights.FdFdstatSetFlags | Rights.FdFilestatGet
                | Rights.PollFdReadwrite | Rights.FdSync | Rights.FdDatasync | Rights.FdAdvise,
            RightsInheriting = Rights.None,
            Stream = stream,
            OwnsStream = owns,
        };
    }
}
