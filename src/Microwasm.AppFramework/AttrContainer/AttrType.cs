namespace Microwasm.AppFramework.AttrContainer;

/// <summary>
/// The type of an attribute in an attribute container. The values are the type codes of WAMR's
/// current numbering (<see cref="AttrNumbering.Current"/>); <see cref="AttrTypeCodes"/> maps them to
/// and from the codes of either numbering.
/// </summary>
public enum AttrType : byte
{
    /// <summary>A signed byte (WAMR's <c>ATTR_TYPE_BYTE</c> / <c>ATTR_TYPE_INT8</c>).</summary>
    Int8 = 0,

    /// <summary>A signed 16-bit integer (<c>ATTR_TYPE_SHORT</c> / <c>ATTR_TYPE_INT16</c>).</summary>
    Int16 = 1,

    /// <summary>A signed 32-bit integer (<c>ATTR_TYPE_INT</c> / <c>ATTR_TYPE_INT32</c>).</summary>
    Int32 = 2,

    /// <summary>A signed 64-bit integer (<c>ATTR_TYPE_INT64</c>).</summary>
    Int64 = 3,

    /// <summary>An unsigned byte (<c>ATTR_TYPE_UINT8</c>; not in the legacy numbering).</summary>
    UInt8 = 4,

    /// <summary>An unsigned 16-bit integer (<c>ATTR_TYPE_UINT16</c>).</summary>
    UInt16 = 5,

    /// <summary>An unsigned 32-bit integer (<c>ATTR_TYPE_UINT32</c>; not in the legacy numbering).</summary>
    UInt32 = 6,

    /// <summary>An unsigned 64-bit integer (<c>ATTR_TYPE_UINT64</c>; not in the legacy numbering).</summary>
    UInt64 = 7,

    /// <summary>A 32-bit IEEE float (<c>ATTR_TYPE_FLOAT</c>).</summary>
    Float = 10,

    /// <summary>A 64-bit IEEE double (<c>ATTR_TYPE_DOUBLE</c>).</summary>
    Double = 11,

    /// <summary>A boolean, one byte holding 0 or 1 (<c>ATTR_TYPE_BOOLEAN</c>).</summary>
    Boolean = 12,

    /// <summary>A NUL-terminated string (<c>ATTR_TYPE_STRING</c>), UTF-8 in this library.</summary>
    String = 13,

    /// <summary>Bytes with a 32-bit length (<c>ATTR_TYPE_BYTEARRAY</c>).</summary>
    ByteArray = 14,
}
