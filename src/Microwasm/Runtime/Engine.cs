using Microwasm.Validation;

namespace Microwasm.Runtime;

/// <summary>An execution engine: turns validated modules into runnable code (interpreter or compiler).</summary>
public interface IEngine
{
    string Name { get; }

    /// <summary>Prepares a validated module for instantiation. The result is immutable and can be instantiated many times.</summary>
    CompiledModule Compile(ValidatedModule module);
}

/// <summary>A module prepared by an <see cref="IEngine"/>.</summary>
public abstract class CompiledModule
{
    protected CompiledModule(IEngine engine, ValidatedModule validated)
    {
        Engine = engine;
        Validated = validated;
    }

    public IEngine Engine { get; }

    public ValidatedModule Validated { get; }

    public Model.Module Module => Validated.Module;

    /// <summary>
    /// Creates the function instance for defined function <paramref name="definedIndex"/>
    /// (0 = first function of the code section) of <paramref name="instance"/>.
    /// Called during instantiation, before the instance's tables, memories and globals are filled.
    /// </summary>
    internal abstract FunctionInstance CreateFunction(Instance instance, int definedIndex);
}
