using System.Text;
using Microwasm.LibcBuiltin;
using Microwasm.Model;
using Microwasm.Runtime;
using Microwasm.Validation;

namespace Microwasm.Tests.LibcBuiltin;

/// <summary>
/// A stand-in for a wasm caller: an instance with one memory (and optionally an app heap) that
/// calls the libc natives through their host-function entry points, as an engine would.
/// </summary>
internal sealed class LibcTestGuest
{
    private readonly Dictionary<string, HostFunction> _functions;
    private uint _data = 1024;

    public LibcTestGuest(uint pages = 1, uint? heapOffset = 32768, uint heapSize = 16384, Module? module = null)
    {
        Store = new Store();
        Memory = new MemoryInstance(new MemoryType(new Limits(pages, null)));
        Instance = CreateInstance(Store, module ?? EmptyModule(), [Memory]);
        if (heapOffset is { } offset)
        {
            Instance.Heap = new AppHeap(Memory, offset, heapSize);
        }
        Output = new MemoryStream();
        _functions = LibcBuiltinModule.CreateImports(new LibcOptions { Stdout = Output })
            .ToDictionary(i => i.Name, i => i.Function);
        Context = ExecutionEnvironment.ForCurrentThread(Store);
    }

    public Store Store { get; }

    public MemoryInstance Memory { get; }

    public Instance Instance { get; }

    public MemoryStream Output { get; }

    public ExecutionEnvironment Context { get; }

    public string OutputText => Encoding.UTF8.GetString(Output.ToArray());

    public IReadOnlyDictionary<string, HostFunction> Functions => _functions;

    /// <summary>Calls a native with i32 arguments; returns slot 0 (the result, if any).</summary>
    public ulong Call(string name, params uint[] args)
    {
        var function = _functions[name];
        Span<ulong> slots = stackalloc ulong[Math.Max(args.Length, 1)];
        for (var i = 0; i < args.Length; i++)
        {
            slots[i] = args[i];
        }
        Context.CallerInstance = Instance;
        function.Invoke(Context, slots);
        return slots[0];
    }

    public int CallInt(string name, params uint[] args) => (int)(uint)Call(name, args);

    public uint CallPtr(string name, params uint[] args) => (uint)Call(name, args);

    /// <summary>Places a NUL-terminated string in low memory and returns its address.</summary>
    public uint Put(string text) => Put(Encoding.UTF8.GetBytes(text + "\0"));

    public uint Put(byte[] bytes)
    {
        var at = _data;
        bytes.CopyTo(Memory.Span[(int)at..]);
        _data = (uint)((at + bytes.Length + 7) & ~7);
        return at;
    }

    /// <summary>Lays out arguments as clang does for a wasm32 va_list; strings are placed and passed by address.</summary>
    public uint VaList(params object[] args)
    {
        var bytes = new List<byte>();
        foreach (var arg in args)
        {
            // each value at its natural alignment, which for these is its size
            byte[] value = arg switch
            {
                int i => BitConverter.GetBytes(i),
                uint u => BitConverter.GetBytes(u),
                long l => BitConverter.GetBytes(l),
                double d => BitConverter.GetBytes(d),
                string s => BitConverter.GetBytes(Put(s)),
                _ => throw new ArgumentException($"unsupported va_list argument {arg}"),
            };
            Align(bytes, value.Length);
            bytes.AddRange(value);
        }
        bytes.Add(0);
        // va_lists are 8-byte aligned in clang's frames; Put keeps that alignment
        return Put(bytes.ToArray());
    }

    public string ReadString(uint address)
    {
        var span = Memory.Span[(int)address..];
        return Encoding.UTF8.GetString(span[..span.IndexOf((byte)0)]);
    }

    /// <summary>printf through the native, returning what it wrote.</summary>
    public string Printf(string format, params object[] args)
    {
        Output.SetLength(0);
        var count = CallInt("printf", Put(format), VaList(args));
        var text = OutputText;
        Assert.Equal(Encoding.UTF8.GetByteCount(text), count);
        return text;
    }

    private static void Align(List<byte> bytes, int alignment)
    {
        while (bytes.Count % alignment != 0)
        {
            bytes.Add(0);
        }
    }

    public static Module EmptyModule(Export[]? exports = null, Global[]? globals = null, FuncType[]? types = null, uint[]? functions = null) => new()
    {
        Types = types ?? [],
        Imports = [],
        Functions = functions ?? [],
        Tables = [],
        Memories = [new MemoryType(new Limits(1, null))],
        Globals = globals ?? [],
        Exports = exports ?? [],
        Elements = [],
        Codes = [],
        Datas = [],
        CustomSections = [],
    };

    public static Instance CreateInstance(Store store, Module module, MemoryInstance[] memories, GlobalInstance[]? globals = null)
    {
        var compiled = new FakeCompiledModule(new ValidatedModule(module, []));
        // the memories belong to the store, as an instantiation's do
        foreach (var memory in memories)
        {
            memory.TryBind(store);
        }
        return new Instance(store, compiled, "test")
        {
            Memories = memories,
            Globals = globals ?? [],
        };
    }

    private sealed class FakeEngine : IEngine
    {
        public string Name => "none";

        public CompiledModule Compile(ValidatedModule module) => new FakeCompiledModule(module);
    }

    private sealed class FakeCompiledModule(ValidatedModule validated) : CompiledModule(new FakeEngine(), validated)
    {
        internal override FunctionInstance CreateFunction(Instance instance, int definedIndex) =>
            throw new NotSupportedException();
    }
}
