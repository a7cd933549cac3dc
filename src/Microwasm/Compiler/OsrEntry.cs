using System.Reflection.Emit;
using Microwasm.Runtime;
using Microwasm.Validation;

namespace Microwasm.Compiler;

/// <summary>
/// On-stack replacement for tier-up: a function whose loop got hot in the interpreter continues in
/// compiled code from the top of that loop. The entry is a second compilation of the function with
/// two more parameters after the usual ones (the interpreter's frame, whose first slots hold every
/// local, and the loop's index among the entry's loops); after the usual setup block it loads the
/// locals from the frame and jumps to the loop's header. Only loops entered with an empty operand
/// stack have an entry, so the CIL evaluation stack is empty at the jump, as at the loop itself.
/// Each entry enters at one loop: with edges from the entry into several, every loop nested in
/// another would have two ways in (irreducible), which RyuJIT does not optimise as a loop.
/// </summary>
/// <param name="Loops">The block indexes (in the function's block facts) of the loops that can be entered, in the order the entry numbers them.</param>
/// <param name="Thunk">Calls the entry: arguments and locals from the frame, results written back to its first slots.</param>
[System.Diagnostics.CodeAnalysis.UnconditionalSuppressMessage("AOT", "IL3050", Justification = "The compiler runs only where dynamic code is supported: TieredModule checks RuntimeFeature.IsDynamicCodeSupported.")]
internal sealed unsafe record OsrEntry(int[] Loops, OsrThunk Thunk)
{
    /// <summary>Compiles the entry of defined function <paramref name="definedIndex"/> of <paramref name="compiled"/> at the loop with block index <paramref name="loop"/>.</summary>
    public static OsrEntry Create(CompiledWasmModule compiled, int definedIndex, int loop)
    {
        var validated = compiled.Validated;
        var module = validated.Module;
        var type = module.Types[module.Functions[definedIndex]];
        var index = module.ImportedFunctionCount + definedIndex;
        // the function's own name, so a trap's wasm stack names it as it names the function
        var method = new DynamicMethod(
            CompiledFrames.MethodName(compiled.Id, index), ModuleCompiler.ReturnType(type),
            [.. ModuleCompiler.ParameterTypes(type), typeof(ulong*), typeof(int)], typeof(OsrEntry).Module, skipVisibility: true);
        var il = method.GetILGenerator(Math.Max(64, module.Codes[definedIndex].Code.Length * 4));
        var compiler = new FunctionCompiler(validated, definedIndex, il, compiled.Methods, osrLoop: loop);
        var loops = compiler.EmitOsr();
        var thunk = ModuleCompiler.CreateEntryThunk(module, definedIndex, method, osr: true);
        return new OsrEntry(loops, (OsrThunk)thunk);
    }

    /// <summary>
    /// The end of the entry's setup block: every local (parameters included) from the frame in
    /// argument <paramref name="frameArgument"/>, then a jump to the loop numbered by the next argument.
    /// </summary>
    public static void EmitPrologue(ILGenerator il, ValueType[] localTypes, int parameterCount, LocalBuilder?[] locals, List<(int Block, Label Label)> loops, short frameArgument)
    {
        var slot = 0;
        for (var i = 0; i < localTypes.Length; i++)
        {
            if (localTypes[i] == ValueType.V128)
            {
                // not yet: the loop stays interpreted (TieredModule catches this)
                throw new NotSupportedException("an on-stack-replacement entry of a function with v128 locals");
            }
            il.Emit(OpCodes.Ldarg, frameArgument);
            if (slot != 0)
            {
                il.Emit(OpCodes.Ldc_I4, slot * 8);
                il.Emit(OpCodes.Add);
            }
            // the interpreter's frame: each local in its slots, in order
            slot += WasmValue.SlotCount(localTypes[i]);
            ModuleCompiler.EmitLoadSlot(il, localTypes[i]);
            if (i < parameterCount)
            {
                il.Emit(OpCodes.Starg, (short)(i + 1));
            }
            else
            {
                il.Emit(OpCodes.Stloc, locals[i]!);
            }
        }
        il.Emit(OpCodes.Ldarg, (short)(frameArgument + 1));
        il.Emit(OpCodes.Switch, loops.Select(l => l.Label).ToArray());
        // the interpreter enters only at the loops it was given
        il.Emit(OpCodes.Ldstr, "no on-stack-replacement entry at this loop");
        il.Emit(OpCodes.Newobj, typeof(InvalidOperationException).GetConstructor([typeof(string)])!);
        il.Emit(OpCodes.Throw);
    }
}

/// <summary>Calls an on-stack-replacement entry with the interpreter's frame in <paramref name="slots"/>; the results are written back from slot 0.</summary>
internal unsafe delegate void OsrThunk(Instance instance, ExecutionEnvironment context, int depth, ulong* slots, int loop);
