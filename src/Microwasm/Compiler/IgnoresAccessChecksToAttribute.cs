namespace System.Runtime.CompilerServices;

/// <summary>
/// Lets a dynamic assembly that carries it use the internal members of the named assembly: the
/// runtime honours it by name. Used only by the compiler's dynamic-assembly mode (RATIONALE.md).
/// </summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true)]
internal sealed class IgnoresAccessChecksToAttribute(string assemblyName) : Attribute
{
    public string AssemblyName { get; } = assemblyName;
}
