namespace Microwasm.Model;

/// <summary>Size limits of a table (elements) or a memory (64 KiB pages).</summary>
public readonly record struct Limits(uint Min, uint? Max)
{
    public override string ToString() => Max is { } m ? $"{{min {Min}, max {m}}}" : $"{{min {Min}}}";
}

/// <summary>A table type: element reference type and limits.</summary>
public readonly record struct TableType(ValueType ElementType, Limits Limits);

/// <summary>A memory type: limits in 64 KiB pages.</summary>
public readonly record struct MemoryType(Limits Limits)
{
    /// <summary>The largest number of pages a 32-bit memory can have (4 GiB).</summary>
    public const uint MaxPages = 65536;
    public const int PageSize = 65536;
}

/// <summary>A global type: value type and mutability.</summary>
public readonly record struct GlobalType(ValueType ValueType, bool Mutable);

/// <summary>The kind of an import or export, with its binary encoding.</summary>
public enum ExternalKind : byte
{
    Function = 0,
    Table = 1,
    Memory = 2,
    Global = 3,
}
