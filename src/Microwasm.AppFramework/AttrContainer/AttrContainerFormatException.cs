namespace Microwasm.AppFramework.AttrContainer;

/// <summary>
/// The bytes given to <see cref="AttrContainer.Parse"/> are not a well-formed attribute container.
/// </summary>
public sealed class AttrContainerFormatException : FormatException
{
    /// <summary>Creates the exception for a problem found at <paramref name="offset"/>.</summary>
    /// <param name="reason">What was wrong, without the offset.</param>
    /// <param name="offset">The byte offset from the start of the container (its flags) where the problem is.</param>
    public AttrContainerFormatException(string reason, long offset)
        : base($"Malformed attr_container at byte {offset}: {reason}")
    {
        Reason = reason;
        Offset = offset;
    }

    /// <summary>What was wrong, e.g. <c>key of attribute 2 of 3 is not NUL-terminated</c>.</summary>
    public string Reason { get; }

    /// <summary>The byte offset, from the start of the container, of the field that is wrong.</summary>
    public long Offset { get; }
}
