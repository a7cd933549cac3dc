namespace Microwasm.AppFramework.Messaging;

/// <summary>The format of a payload (the <c>fmt</c> field of WAMR's packets).</summary>
public enum PayloadFormat : ushort
{
    /// <summary>No payload, or text (WAMR's samples use 0 for both).</summary>
    Text = 0,

    /// <summary>WAMR's <c>FMT_APP_RAW_BINARY</c>: opaque bytes (an applet's module on install).</summary>
    RawBinary = 98,

    /// <summary>WAMR's <c>FMT_ATTR_CONTAINER</c>: an attribute container.</summary>
    AttrContainer = 99,
}
