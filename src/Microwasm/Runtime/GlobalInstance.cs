using Microwasm.Model;

namespace Microwasm.Runtime;

/// <summary>
/// A global variable. The value is kept as raw bits in the engines' slot format: i32 zero-extended
/// to 64 bits, f32/f64 as their IEEE bits, references as store handles, v128 as <see cref="Value"/>
/// (low half) and <see cref="High"/>.
/// </summary>
public sealed class GlobalInstance : Extern
{
    public GlobalInstance(GlobalType type, ulong value = 0, ulong high = 0)
    {
        Type = type;
        Value = value;
        High = high;
    }

    public override ExternalKind Kind => ExternalKind.Global;

    public GlobalType Type { get; }

    /// <summary>The raw bits (low 64 bits of a v128).</summary>
    public ulong Value;

    /// <summary>The high 64 bits of a v128 value; unused for other types.</summary>
    public ulong High;
}
