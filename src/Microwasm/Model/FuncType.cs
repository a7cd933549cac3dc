namespace Microwasm.Model;

/// <summary>A function type: parameter and result types. Compared structurally.</summary>
public sealed class FuncType : IEquatable<FuncType>
{
    public static readonly FuncType Empty = new([], []);

    public FuncType(ValueType[] parameters, ValueType[] results)
    {
        Parameters = parameters;
        Results = results;
    }

    /// <summary>The parameter types. Do not mutate.</summary>
    public ValueType[] Parameters { get; }

    /// <summary>The result types. Do not mutate.</summary>
    public ValueType[] Results { get; }

    public bool Equals(FuncType? other) =>
        other is not null && (ReferenceEquals(this, other) ||
            (Parameters.AsSpan().SequenceEqual(other.Parameters) && Results.AsSpan().SequenceEqual(other.Results)));

    public override bool Equals(object? obj) => obj is FuncType f && Equals(f);

    public override int GetHashCode()
    {
        var h = new HashCode();
        foreach (var p in Parameters) h.Add(p);
        h.Add(0xFF);
        foreach (var r in Results) h.Add(r);
        return h.ToHashCode();
    }

    /// <summary>Text-format style: <c>(i32 i32) -> (i64)</c>.</summary>
    public override string ToString() =>
        $"({string.Join(" ", Parameters.Select(p => p.Name()))}) -> ({string.Join(" ", Results.Select(r => r.Name()))})";
}
