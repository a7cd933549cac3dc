namespace Microwasm.AppFramework.Messaging;

/// <summary>
/// The method of a request: CoAP's codes as WAMR's framework uses them (<c>coap_method_t</c>), plus
/// WAMR's <see cref="Event"/>, which marks a request as a published event.
/// </summary>
public enum RequestMethod : byte
{
    Get = 1,
    Post = 2,
    Put = 3,
    Delete = 4,

    /// <summary>WAMR's <c>COAP_EVENT</c> (<c>COAP_DELETE + 2</c>): the request is an event for its URL's subscribers.</summary>
    Event = 6,
}
