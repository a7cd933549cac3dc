using Microwasm.Model;
using Microwasm.Runtime;
using Microwasm.TestSupport;
using Microwasm.Validation;

namespace Microwasm.Tests.Runtime;

/// <summary>
/// Pieces of modules built in code (whole modules come from Validation.TestModules.Build) and an engine
/// whose functions are C# callbacks, so linking and instantiation can be tested without the decoder,
/// validator or interpreter.
/// </summary>
internal static class TestModules
{
    /// <summary>A constant expression from instruction bytes (the final <c>end</c> is appended).</summary>
    public static ConstantExpression Expr(params byte[] code) => new(code.Append((byte)0x0B).ToArray(), 0);

    public static ConstantExpression I32(int value) => Expr([0x41, .. SignedLeb(value)]);

    public static ConstantExpression I64(long value) => Expr([0x42, .. SignedLeb(value)]);

    public static ConstantExpression GlobalGet(uint index) => Expr(0x23, (byte)index);

    public static ConstantExpression RefFunc(uint index) => Expr(0xD2, (byte)index);

    public static byte[] SignedLeb(long value) => Leb128.Signed(value);

    /// <summary>Compiles with <see cref="CallbackEngine"/>; defined function i runs <paramref name="bodies"/>[i].</summary>
    public static CompiledModule Compile(Module module, params Action<Instance>[] bodies) =>
        new CallbackEngine(bodies).Compile(new ValidatedModule(module, []));

    public static Import FunctionImport(string module, string name, uint typeIndex) =>
        new(module, name, ExternalKind.Function) { TypeIndex = typeIndex };

    public static Import TableImport(string module, string name, uint min, uint? max, ValueType type = ValueType.FuncRef) =>
        new(module, name, ExternalKind.Table) { Table = new TableType(type, new Limits(min, max)) };

    public static Import MemoryImport(string module, string name, uint min, uint? max) =>
        new(module, name, ExternalKind.Memory) { Memory = new MemoryType(new Limits(min, max)) };

    public static Import GlobalImport(string module, string name, ValueType type, bool mutable) =>
        new(module, name, ExternalKind.Global) { Global = new GlobalType(type, mutable) };

    private sealed class CallbackEngine(Action<Instance>[] bodies) : IEngine
    {
        public string Name => "callback";

        public CompiledModule Compile(ValidatedModule module) => new Compiled(this, module, bodies);
    }

    private sealed class Compiled(IEngine engine, ValidatedModule module, Action<Instance>[] bodies) : CompiledModule(engine, module)
    {
        internal override FunctionInstance CreateFunction(Instance instance, int definedIndex)
        {
            var type = Module.Types[Module.Functions[definedIndex]];
            var body = definedIndex < bodies.Length ? bodies[definedIndex] : _ => { };
            return new HostFunction(type, (HostCallback)((_, _) => body(instance)), $"func{definedIndex}");
        }
    }
}
