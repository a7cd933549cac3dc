using Microwasm.Model;

namespace Microwasm.Runtime;

/// <summary>
/// A runtime object that can be imported and exported: a function, table, memory or global.
/// </summary>
public abstract class Extern
{
    /// <summary>The kind of import/export this object satisfies.</summary>
    public abstract ExternalKind Kind { get; }
}
