using Microwasm.Host;
using Microwasm.Model;
using Microwasm.Runtime;

namespace Microwasm.LibcBuiltin;

/// <summary>One host function to define in a linker: <c>(module "env", name)</c>.</summary>
public readonly record struct HostImport(string Module, string Name, HostFunction Function);

/// <summary>
/// WAMR's builtin libc: the C library functions a module built without a libc
/// (<c>clang --target=wasm32 -nostdlib -Wl,--allow-undefined</c>) imports from module <c>env</c>.
/// The functions find the caller's memory and app heap through
/// <see cref="ExecutionEnvironment.CallerInstance"/>; give the instance a heap with
/// <see cref="AppHeap.Attach"/> after instantiation, or malloc returns 0.
/// </summary>
public static class LibcBuiltinModule
{
    /// <summary>The module name the natives are imported from.</summary>
    public const string ModuleName = "env";

    private static readonly ValueType I32 = ValueType.I32;
    private static readonly ValueType I64 = ValueType.I64;

    /// <summary>Creates the natives. Each call makes a fresh set bound to <paramref name="options"/>'s output.</summary>
    public static IReadOnlyList<HostImport> CreateImports(LibcOptions? options = null)
    {
        var output = new LibcOutput(options ?? new LibcOptions());
        var list = new List<HostImport>();

        void Add(string name, ValueType[] parameters, ValueType[] results, HostCallback callback) =>
            list.Add(new HostImport(ModuleName, name, new HostFunction(new FuncType(parameters, results), callback, ModuleName + "." + name)));

        ValueType[] i = [I32], ii = [I32, I32], iii = [I32, I32, I32], iiii = [I32, I32, I32, I32], none = [];

        // stdio: the varargs arrive as a pointer to the va_list in linear memory
        Add("printf", ii, i, (c, s) => s[0] = (uint)LibcFunctions.Printf(Memory(c), output, A(s, 0), A(s, 1)));
        Add("vprintf", ii, i, (c, s) => s[0] = (uint)LibcFunctions.Printf(Memory(c), output, A(s, 0), A(s, 1)));
        Add("sprintf", iii, i, (c, s) => s[0] = (uint)LibcFunctions.Sprintf(Memory(c), A(s, 0), A(s, 1), A(s, 2)));
        Add("vsprintf", iii, i, (c, s) => s[0] = (uint)LibcFunctions.Sprintf(Memory(c), A(s, 0), A(s, 1), A(s, 2)));
        Add("snprintf", iiii, i, (c, s) => s[0] = (uint)LibcFunctions.Snprintf(Memory(c), A(s, 0), A(s, 1), A(s, 2), A(s, 3)));
        Add("vsnprintf", iiii, i, (c, s) => s[0] = (uint)LibcFunctions.Snprintf(Memory(c), A(s, 0), A(s, 1), A(s, 2), A(s, 3)));
        // Emscripten's side modules call the integer-only variants when no float is formatted
        Add("iprintf", ii, i, (c, s) => s[0] = (uint)LibcFunctions.Printf(Memory(c), output, A(s, 0), A(s, 1)));
        Add("siprintf", iii, i, (c, s) => s[0] = (uint)LibcFunctions.Sprintf(Memory(c), A(s, 0), A(s, 1), A(s, 2)));
        Add("sniprintf", iiii, i, (c, s) => s[0] = (uint)LibcFunctions.Snprintf(Memory(c), A(s, 0), A(s, 1), A(s, 2), A(s, 3)));
        Add("puts", i, i, (c, s) => s[0] = (uint)LibcFunctions.Puts(Memory(c), output, A(s, 0)));
        Add("putchar", i, i, (c, s) => s[0] = (uint)LibcFunctions.Putchar(output, (int)A(s, 0)));

        // string.h
        Add("memcmp", iii, i, (c, s) => s[0] = (uint)LibcFunctions.Memcmp(Memory(c), A(s, 0), A(s, 1), A(s, 2)));
        Add("memcpy", iii, i, (c, s) => s[0] = LibcFunctions.Memcpy(Memory(c), A(s, 0), A(s, 1), A(s, 2)));
        Add("memmove", iii, i, (c, s) => s[0] = LibcFunctions.Memmove(Memory(c), A(s, 0), A(s, 1), A(s, 2)));
        Add("memset", iii, i, (c, s) => s[0] = LibcFunctions.Memset(Memory(c), A(s, 0), (int)A(s, 1), A(s, 2)));
        Add("memchr", iii, i, (c, s) => s[0] = LibcFunctions.Memchr(Memory(c), A(s, 0), (int)A(s, 1), A(s, 2)));
        Add("strchr", ii, i, (c, s) => s[0] = LibcFunctions.Strchr(Memory(c), A(s, 0), (int)A(s, 1)));
        Add("strcmp", ii, i, (c, s) => s[0] = (uint)LibcFunctions.Strcmp(Memory(c), A(s, 0), A(s, 1)));
        Add("strncmp", iii, i, (c, s) => s[0] = (uint)LibcFunctions.Strncmp(Memory(c), A(s, 0), A(s, 1), A(s, 2)));
        Add("strncasecmp", iii, i, (c, s) => s[0] = (uint)LibcFunctions.Strncasecmp(Memory(c), A(s, 0), A(s, 1), A(s, 2)));
        Add("strcpy", ii, i, (c, s) => s[0] = LibcFunctions.Strcpy(Memory(c), A(s, 0), A(s, 1)));
        Add("strncpy", iii, i, (c, s) => s[0] = LibcFunctions.Strncpy(Memory(c), A(s, 0), A(s, 1), A(s, 2)));
        Add("strlen", i, i, (c, s) => s[0] = LibcFunctions.Strlen(Memory(c), A(s, 0)));
        Add("strdup", i, i, (c, s) => s[0] = LibcFunctions.Strdup(Memory(c), Heap(c), A(s, 0)));
        // clang may emit calls to _strdup (WAMR registers both)
        Add("_strdup", i, i, (c, s) => s[0] = LibcFunctions.Strdup(Memory(c), Heap(c), A(s, 0)));
        Add("strspn", ii, i, (c, s) => s[0] = LibcFunctions.Strspn(Memory(c), A(s, 0), A(s, 1)));
        Add("strcspn", ii, i, (c, s) => s[0] = LibcFunctions.Strcspn(Memory(c), A(s, 0), A(s, 1)));
        Add("strstr", ii, i, (c, s) => s[0] = LibcFunctions.Strstr(Memory(c), A(s, 0), A(s, 1)));

        // stdlib.h
        Add("strtol", iii, i, (c, s) => s[0] = (uint)LibcFunctions.Strtol(Memory(c), A(s, 0), A(s, 1), (int)A(s, 2)));
        Add("strtoul", iii, i, (c, s) => s[0] = LibcFunctions.Strtoul(Memory(c), A(s, 0), A(s, 1), (int)A(s, 2)));
        Add("atoi", i, i, (c, s) => s[0] = (uint)LibcFunctions.Atoi(Memory(c), A(s, 0)));
        Add("malloc", i, i, (c, s) => s[0] = Heap(c)?.Malloc(A(s, 0)) ?? 0);
        Add("calloc", ii, i, (c, s) => s[0] = LibcFunctions.Calloc(Memory(c), Heap(c), A(s, 0), A(s, 1)));
        Add("realloc", ii, i, (c, s) => s[0] = Heap(c)?.Realloc(A(s, 0), A(s, 1)) ?? 0);
        Add("free", i, none, (c, s) => LibcFunctions.Free(Memory(c), Heap(c), A(s, 0)));
        Add("exit", i, none, (c, s) => throw new WasmExitException((int)A(s, 0)));
        // clang emits abort() as () -> () for C's void abort(void); WAMR's "(i)" matches no C prototype
        Add("abort", none, none, (c, s) => throw new WasmTrap(TrapKind.Host, "abort"));

        // ctype.h
        Add("isalnum", i, i, (c, s) => s[0] = (uint)LibcFunctions.IsAlnum((int)A(s, 0)));
        Add("isalpha", i, i, (c, s) => s[0] = (uint)LibcFunctions.IsAlpha((int)A(s, 0)));
        Add("isdigit", i, i, (c, s) => s[0] = (uint)LibcFunctions.IsDigit((int)A(s, 0)));
        Add("isgraph", i, i, (c, s) => s[0] = (uint)LibcFunctions.IsGraph((int)A(s, 0)));
        Add("isprint", i, i, (c, s) => s[0] = (uint)LibcFunctions.IsPrint((int)A(s, 0)));
        Add("isspace", i, i, (c, s) => s[0] = (uint)LibcFunctions.IsSpace((int)A(s, 0)));
        Add("isupper", i, i, (c, s) => s[0] = (uint)LibcFunctions.IsUpper((int)A(s, 0)));
        Add("isxdigit", i, i, (c, s) => s[0] = (uint)LibcFunctions.IsXDigit((int)A(s, 0)));
        Add("tolower", i, i, (c, s) => s[0] = (uint)LibcFunctions.ToLower((int)A(s, 0)));
        Add("toupper", i, i, (c, s) => s[0] = (uint)LibcFunctions.ToUpper((int)A(s, 0)));

        // time.h
        Add("clock", none, [I64], (c, s) => s[0] = (ulong)LibcFunctions.Clock());
        Add("clock_gettime", ii, i, (c, s) => s[0] = (uint)LibcFunctions.ClockGettime(Memory(c), (int)A(s, 0), A(s, 1)));

        return list;
    }

    /// <summary>An i32 argument (slots hold i32 zero-extended).</summary>
    private static uint A(Span<ulong> slots, int index) => (uint)slots[index];

    private static GuestMemory Memory(ExecutionEnvironment context) =>
        new(Caller(context).Memory ?? throw new WasmTrap(TrapKind.Host, "libc: the calling module has no memory"));

    private static AppHeap? Heap(ExecutionEnvironment context) => Caller(context).Heap;

    private static Instance Caller(ExecutionEnvironment context) =>
        context.CallerInstance ?? throw new WasmTrap(TrapKind.Host, "libc: called without a calling instance");
}
