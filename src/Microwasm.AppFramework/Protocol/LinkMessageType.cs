namespace Microwasm.AppFramework.Protocol;

/// <summary>
/// The message type of a link frame (WAMR's <c>LINK_MSG_TYPE</c> in <c>host_link.h</c>). Only these
/// three carry anything this framework handles; WAMR defines others (0, 1, 30) that it never acts on.
/// </summary>
public enum LinkMessageType : ushort
{
    /// <summary>A packed request, or an event (a request with method 6). Host to device and device to host.</summary>
    Request = 2,

    /// <summary>A packed response.</summary>
    Response = 3,

    /// <summary>A packed <c>PUT /applet?name=…</c> request whose payload is a wasm module: an install.</summary>
    InstallWasmApp = 4,
}
