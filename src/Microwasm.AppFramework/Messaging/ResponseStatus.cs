namespace Microwasm.AppFramework.Messaging;

/// <summary>
/// The status of a response: one byte, <c>(class &lt;&lt; 5) | detail</c>, as CoAP and WAMR encode it
/// (<c>CONTENT_2_05</c> = 69). Values outside the names below are carried unchanged.
/// </summary>
public enum ResponseStatus : byte
{
    NoError = 0,
    Created = 65,
    Deleted = 66,
    Valid = 67,
    Changed = 68,
    Content = 69,
    Continue = 95,
    BadRequest = 128,
    Unauthorized = 129,
    BadOption = 130,
    Forbidden = 131,
    NotFound = 132,
    MethodNotAllowed = 133,
    NotAcceptable = 134,
    PreconditionFailed = 140,
    RequestEntityTooLarge = 141,
    UnsupportedMediaType = 143,
    InternalServerError = 160,
    NotImplemented = 161,
    BadGateway = 162,
    ServiceUnavailable = 163,
    GatewayTimeout = 164,
    ProxyingNotSupported = 165,
}

/// <summary>Formatting of <see cref="ResponseStatus"/> the way CoAP writes it ("2.05").</summary>
public static class ResponseStatusExtensions
{
    /// <summary>"2.05" for <see cref="ResponseStatus.Content"/>: the class, a dot, two digits of detail.</summary>
    public static string ToCoapString(this ResponseStatus status) =>
        $"{(int)status >> 5}.{(int)status & 31:D2}";

    /// <summary>True for the 2.xx class.</summary>
    public static bool IsSuccess(this ResponseStatus status) => (int)status >> 5 == 2;
}
