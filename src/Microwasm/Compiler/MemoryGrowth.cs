using System.Runtime.CompilerServices;
using Microwasm.Binary;
using Microwasm.Model;
using Microwasm.Validation;

namespace Microwasm.Compiler;

/// <summary>
/// Which defined functions of a module may grow (and so move) memory when called: those that
/// run <c>memory.grow</c>, call an import (a host function or another instance may grow a memory
/// this module shares), make any indirect call, or call a function that may. After a direct call
/// of any other function, compiled code keeps its cached memory base and length instead of
/// reloading them. Computed once per module, the first time a function of it is compiled.
/// </summary>
internal static class MemoryGrowth
{
    private static readonly ConditionalWeakTable<ValidatedModule, bool[]> s_mayGrow = new();

    /// <summary>True if calling defined function <paramref name="definedIndex"/> may grow or move a memory.</summary>
    public static bool MayGrow(ValidatedModule validated, int definedIndex) =>
        s_mayGrow.GetValue(validated, Analyse)[definedIndex];

    private static bool[] Analyse(ValidatedModule validated)
    {
        var module = validated.Module;
        var count = module.Codes.Length;
        var imported = module.ImportedFunctionCount;
        var mayGrow = new bool[count];
        var callers = new List<int>?[count];
        var work = new Stack<int>();
        for (var f = 0; f < count; f++)
        {
            var body = module.Codes[f];
            var reader = new WasmReader(body.Code.Span, body.CodeOffset);
            while (reader.Position < body.Code.Length)
            {
                var instruction = InstructionReader.Read(ref reader);
                switch (instruction.Opcode)
                {
                    case Opcode.Call:
                    case Opcode.ReturnCall:
                        var callee = (int)instruction.Index - imported;
                        if (callee < 0)
                        {
                            mayGrow[f] = true;
                        }
                        else
                        {
                            (callers[callee] ??= []).Add(f);
                        }
                        break;
                    case Opcode.MemoryGrow:
                    case Opcode.CallIndirect:
                    case Opcode.ReturnCallIndirect:
                        mayGrow[f] = true;
                        break;
                    case < Opcode.Drop and not (Opcode.Unreachable or Opcode.Nop or Opcode.Block or Opcode.Loop or Opcode.If
                        or Opcode.Else or Opcode.End or Opcode.Br or Opcode.BrIf or Opcode.BrTable or Opcode.Return):
                        // any other call-like or exception instruction: assume the worst
                        mayGrow[f] = true;
                        break;
                }
            }
            if (mayGrow[f])
            {
                work.Push(f);
            }
        }
        // a caller of a function that may grow may grow
        while (work.Count > 0)
        {
            if (callers[work.Pop()] is { } list)
            {
                foreach (var caller in list)
                {
                    if (!mayGrow[caller])
                    {
                        mayGrow[caller] = true;
                        work.Push(caller);
                    }
                }
            }
        }
        return mayGrow;
    }
}
