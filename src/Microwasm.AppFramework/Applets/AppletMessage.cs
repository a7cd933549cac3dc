using Microwasm.AppFramework.Messaging;

namespace Microwasm.AppFramework.Applets;

/// <summary>An item of an applet's queue: what its thread is asked to do next.</summary>
internal abstract class AppletMessage
{
}

/// <summary>A request or an event for <c>on_request</c>.</summary>
internal sealed class RequestMessage(Request request) : AppletMessage
{
    public Request Request { get; } = request;
}

/// <summary>A response for <c>on_response</c>.</summary>
internal sealed class ResponseMessage(Response response) : AppletMessage
{
    public Response Response { get; } = response;
}

/// <summary>Wakes the applet's thread to run its due timers (which wait beside the queue, not in it).</summary>
internal sealed class TimerMessage : AppletMessage
{
    public static readonly TimerMessage Wake = new();

    private TimerMessage()
    {
    }
}

/// <summary>Work an extension (sensor, connection, display) runs on the applet's thread, e.g. calling one of its exports.</summary>
internal sealed class CallbackMessage(string description, Action<Applet> callback) : AppletMessage
{
    public string Description { get; } = description;

    public Action<Applet> Callback { get; } = callback;
}
