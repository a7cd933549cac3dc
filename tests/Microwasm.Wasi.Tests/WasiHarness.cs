using System.Buffers.Binary;
using System.Text;
using Microwasm.Model;
using Microwasm.Runtime;

namespace Microwasm.Wasi.Tests;

/// <summary>
/// Calls the WASI host functions directly against a memory of its own, with a fresh temporary
/// sandbox directory (pre-opened as fd 3, "/sandbox") next to an "outside" directory holding a
/// canary file that no test may reach.
/// </summary>
internal sealed class WasiHarness : IDisposable
{
    public const uint Sandbox = 3;
    public const uint Scratch = 60000; // a free area of guest memory for results

    private readonly Dictionary<string, HostFunction> _functions = new(StringComparer.Ordinal);
    private readonly string _outsideSnapshot;
    private uint _next = 1024;

    public WasiHarness(Action<WasiConfiguration>? configure = null)
    {
        Base = Path.Combine(Path.GetTempPath(), "microwasm-wasi-" + Guid.NewGuid().ToString("N"));
        SandboxPath = Path.Combine(Base, "sandbox");
        OutsidePath = Path.Combine(Base, "outside");
        Directory.CreateDirectory(SandboxPath);
        Directory.CreateDirectory(OutsidePath);
        File.WriteAllText(Path.Combine(OutsidePath, "secret.txt"), "secret");
        Directory.CreateDirectory(Path.Combine(OutsidePath, "dir"));
        _outsideSnapshot = Snapshot();

        var config = new WasiConfiguration
        {
            StandardInput = Stdin,
            StandardOutput = Stdout,
            StandardError = Stderr,
        };
        config.WithMappedDirectory("/sandbox", SandboxPath);
        configure?.Invoke(config);
        Wasi = new WasiPreview1(config);
        Wasi.MemoryResolver = _ => Memory;
        foreach (var (module, name, function) in Wasi.CreateImports())
        {
            _functions[module + "." + name] = function;
        }
        var store = new Store();
        // the memory belongs to the store whose host calls use it, as an instance's memory does
        Memory.TryBind(store);
        Context = ExecutionEnvironment.ForCurrentThread(store);
    }

    public string Base { get; }
    public string SandboxPath { get; }
    public string OutsidePath { get; }
    public MemoryStream Stdin { get; } = new();
    public MemoryStream Stdout { get; } = new();
    public MemoryStream Stderr { get; } = new();
    public MemoryInstance Memory { get; } = new(new MemoryType(new Limits(1, 1)));
    public WasiPreview1 Wasi { get; }
    public ExecutionEnvironment Context { get; }

    public IReadOnlyDictionary<string, HostFunction> Functions => _functions;

    /// <summary>Makes <paramref name="memory"/> (of the harness's store) the one the WASI calls use.</summary>
    public void UseMemory(MemoryInstance memory)
    {
        memory.TryBind(Context.Store);
        Wasi.MemoryResolver = _ => memory;
    }

    /// <summary>Calls <c>wasi_snapshot_preview1.<paramref name="name"/></c> and returns its errno.</summary>
    public Errno Call(string name, params ulong[] args) => CallIn(WasiPreview1.ModuleName, name, args);

    public Errno CallUnstable(string name, params ulong[] args) => CallIn(WasiPreview1.UnstableModuleName, name, args);

    private Errno CallIn(string module, string name, ulong[] args)
    {
        var function = _functions[module + "." + name];
        var slots = new ulong[Math.Max(args.Length, 1)];
        args.CopyTo(slots, 0);
        function.Invoke(Context, slots);
        return (Errno)slots[0];
    }

    /// <summary>Copies a string into guest memory; returns its address and byte length.</summary>
    public (ulong Address, ulong Length) Str(string value) => Bytes(Encoding.UTF8.GetBytes(value));

    public (ulong Address, ulong Length) Bytes(byte[] bytes)
    {
        var address = _next;
        bytes.CopyTo(Memory.GetSpan(address, bytes.Length));
        _next += (uint)bytes.Length + 8 & ~7u;
        return (address, (ulong)bytes.Length);
    }

    /// <summary>An iovec array with one entry per buffer; returns the array address.</summary>
    public ulong Iovecs(params (ulong Address, ulong Length)[] buffers)
    {
        var array = new byte[buffers.Length * 8];
        for (var i = 0; i < buffers.Length; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(array.AsSpan(i * 8), (uint)buffers[i].Address);
            BinaryPrimitives.WriteUInt32LittleEndian(array.AsSpan(i * 8 + 4), (uint)buffers[i].Length);
        }
        return Bytes(array).Address;
    }

    public ulong Alloc(int size) => Bytes(new byte[size]).Address;

    public uint U32(ulong address) => BinaryPrimitives.ReadUInt32LittleEndian(Memory.GetSpan(address, 4));
    public ulong U64(ulong address) => BinaryPrimitives.ReadUInt64LittleEndian(Memory.GetSpan(address, 8));
    public ushort U16(ulong address) => BinaryPrimitives.ReadUInt16LittleEndian(Memory.GetSpan(address, 2));
    public string Text(ulong address, int length) => Encoding.UTF8.GetString(Memory.GetSpan(address, length));

    /// <summary>path_open relative to <paramref name="directory"/>; returns the errno and the new fd.</summary>
    public (Errno Errno, uint Fd) Open(string path, uint oflags = 0, Rights rights = Rights.RegularFile,
        uint dirflags = 1, uint fdflags = 0, uint directory = Sandbox)
    {
        var (p, n) = Str(path);
        var errno = Call("path_open", directory, dirflags, p, n, oflags, (ulong)rights, (ulong)(Rights.RegularFile | Rights.Directory), fdflags, Scratch);
        return (errno, errno == Errno.Success ? U32(Scratch) : uint.MaxValue);
    }

    public (Errno Errno, uint Count) Write(uint fd, string text)
    {
        var iov = Iovecs(Str(text));
        var errno = Call("fd_write", fd, iov, 1, Scratch);
        return (errno, U32(Scratch));
    }

    public (Errno Errno, string Text) Read(uint fd, int max = 256)
    {
        var buffer = Alloc(max);
        var iov = Iovecs((buffer, (ulong)max));
        var errno = Call("fd_read", fd, iov, 1, Scratch);
        return (errno, errno == Errno.Success ? Text(buffer, (int)U32(Scratch)) : "");
    }

    /// <summary>Calls a path function of the form (fd, path, path_len).</summary>
    public Errno PathCall(string name, string path, uint directory = Sandbox)
    {
        var (p, n) = Str(path);
        return Call(name, directory, p, n);
    }

    public string InSandbox(string relative) => Path.Combine(SandboxPath, relative);

    /// <summary>Fails the test if anything outside the sandbox directory changed.</summary>
    public void AssertOutsideUntouched()
    {
        Assert.Equal(_outsideSnapshot, Snapshot());
        Assert.Equal(new[] { "outside", "sandbox" }, Directory.GetFileSystemEntries(Base).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    private string Snapshot()
    {
        var sb = new StringBuilder();
        foreach (var entry in Directory.GetFileSystemEntries(OutsidePath, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            sb.Append(entry).Append('|');
            if (File.Exists(entry))
            {
                sb.Append(File.ReadAllText(entry)).Append('|');
            }
            sb.Append(File.GetLastWriteTimeUtc(entry).Ticks).Append('|').Append(File.GetLastAccessTimeUtc(entry).Ticks);
            sb.AppendLine();
        }
        return sb.ToString();
    }

    public void Dispose()
    {
        Wasi.Dispose();
        Memory.Dispose();
        try
        {
            Directory.Delete(Base, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
