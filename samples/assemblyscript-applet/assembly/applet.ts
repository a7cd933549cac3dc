// An applet in AssemblyScript on app-sdk/assemblyscript: a counter resource, a periodic timer that
// publishes an event, an event subscription, and a request to another applet's resource.
import {
  Attrs, FMT_ATTR_CONTAINER, FMT_TEXT, Method, Request, Response, Status,
  createTimer, print, publishEvent, registerResource, sendRequest, subscribeEvent,
} from "../../../app-sdk/assemblyscript/assembly/index";

// the runtime calls these; the binding implements them
export { on_request, on_response, on_timer_callback } from "../../../app-sdk/assemblyscript/assembly/index";

let count: i32 = 0;
let ticks: i32 = 0;

function onCount(request: Request): void {
  if (request.method == Method.POST) {
    const body = request.attrs();
    count += body != null && body.has("add") ? <i32>body.get("add").asInt() : 1;
    request.respond(Status.CHANGED);
    return;
  }
  const reply = new Attrs("counter").setInt("count", count).setString("language", "AssemblyScript").setDouble("half", <f64>count / 2);
  request.respond(Status.CONTENT, FMT_ATTR_CONTAINER, reply.toBytes());
}

function onTick(timer: u32): void {
  ticks++;
  publishEvent("/as/tick", FMT_ATTR_CONTAINER, new Attrs("tick").setInt("n", ticks).toBytes());
}

function onAlert(event: Request): void {
  const body = event.attrs();
  print("as_applet got event " + event.url + (body != null && body.has("warning") ? ": " + body.get("warning").text : ""));
}

function onAnswer(response: Response | null): void {
  if (response == null) {
    print("as_applet: no answer within the timeout");
    return;
  }
  print("as_applet: /url1 answered " + response.status.toString() + " with " + response.payload.length.toString() + " bytes");
}

function onAsk(request: Request): void {
  sendRequest(Method.GET, "/url1", FMT_TEXT, new Uint8Array(0), onAnswer);
  request.respond(Status.CONTENT, FMT_TEXT, Uint8Array.wrap(String.UTF8.encode("asked")));
}

export function on_init(): void {
  registerResource("/as/count", onCount);
  registerResource("/as/ask", onAsk);
  subscribeEvent("alert/overheat", onAlert);
  createTimer(100, true, true, onTick);
  print("as_applet: ready");
}

export function on_destroy(): void {
  print("as_applet: bye after " + ticks.toString() + " ticks");
}
