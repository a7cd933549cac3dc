// wamr_app: an AssemblyScript binding of the applet ABI that Microwasm's application framework and
// WAMR's app manager share (app-sdk/README.md, "The ABI in short"). It plays the part the C SDK
// plays: it exports on_request, on_response and on_timer_callback (re-export them from the
// applet's entry file), unpacks WAMR's packed requests and responses, routes them to the handlers
// the applet registered, times out requests, and reads and writes attribute containers. The
// applet itself exports on_init (and on_destroy). Handlers are top-level functions (AssemblyScript
// has no closures). Everything runs on the applet's one thread, one message at a time.
import * as env from "./natives";
import { Attrs, Reader, Writer } from "./attr";

export { Attrs, AttrValue, AttrType } from "./attr";

export const FMT_TEXT: u16 = 0;
export const FMT_RAW_BINARY: u16 = 98;
export const FMT_ATTR_CONTAINER: u16 = 99;

/** How long a request waits for its response (as the C SDK). */
export const REQUEST_TIMEOUT_MS: u32 = 5000;

export namespace Method {
  export const GET: u8 = 1;
  export const POST: u8 = 2;
  export const PUT: u8 = 3;
  export const DELETE: u8 = 4;
  export const EVENT: u8 = 6;
}

/** CoAP status bytes, (class << 5) | detail. */
export namespace Status {
  export const CREATED: u8 = 65;
  export const DELETED: u8 = 66;
  export const CHANGED: u8 = 68;
  export const CONTENT: u8 = 69;
  export const BAD_REQUEST: u8 = 128;
  export const NOT_FOUND: u8 = 132;
  export const METHOD_NOT_ALLOWED: u8 = 133;
  export const INTERNAL_SERVER_ERROR: u8 = 160;
  export const SERVICE_UNAVAILABLE: u8 = 163;
}

/** A NUL-terminated UTF-8 copy of text (NULs inside dropped), for the natives. */
function cString(text: string): ArrayBuffer {
  return String.UTF8.encode(text.replaceAll("\0", ""), true);
}

/** Prints one line through the runtime (the builtin libc's puts). */
export function print(line: string): void {
  env.puts(changetype<usize>(cString(line)));
}

/** Milliseconds since the runtime started (wraps). */
export function tickMs(): u32 {
  return env.wasm_get_sys_tick_ms();
}

/** A request or an event as it reached the applet (or as it is sent). */
export class Request {
  constructor(
    public method: u8,
    public url: string,
    public fmt: u16 = FMT_TEXT,
    public payload: Uint8Array = new Uint8Array(0),
    public mid: u32 = 0,
    public sender: u32 = 0,
  ) {}

  /** WAMR's packed request: 18-byte big-endian header, the URL with its NUL, the payload. */
  pack(): Uint8Array {
    const url = Uint8Array.wrap(cString(this.url));
    const w = new Writer();
    w.u8(1);
    w.u8(this.method);
    w.be16(this.fmt);
    w.be32(this.mid);
    w.be32(this.sender);
    w.be16(<u16>url.length);
    w.be32(<u32>this.payload.length);
    w.bytes(url);
    w.bytes(this.payload);
    return w.finish();
  }

  /** Unpacks a packed request; null when it is malformed. */
  static unpack(b: Uint8Array): Request | null {
    if (b.length < 18 || b[0] != 1) return null;
    const r = new Reader(b, 1);
    const method = r.u8();
    const fmt = r.be16();
    const mid = r.be32();
    const sender = r.be32();
    const urlLength = <i32>r.be16();
    const payloadLength = <i32>r.be32();
    if (urlLength == 0 || b.length - 18 < urlLength || b.length - 18 - urlLength < payloadLength) return null;
    const urlBytes = r.take(urlLength);
    let n = 0;
    while (n < urlBytes.length && urlBytes[n] != 0) n++;
    const url = String.UTF8.decode(urlBytes.slice(0, n).buffer);
    return new Request(method, url, fmt, r.take(payloadLength), mid, sender);
  }

  /** Sends the response to this request. */
  respond(status: u8, fmt: u16 = FMT_TEXT, payload: Uint8Array = new Uint8Array(0)): bool {
    return new Response(status, fmt, payload, this.mid, this.sender).send();
  }

  /** The payload as an attribute container, when it is one. */
  attrs(): Attrs | null {
    return this.fmt == FMT_ATTR_CONTAINER ? Attrs.parse(this.payload) : null;
  }

  /** The payload as UTF-8 text. */
  text(): string {
    return String.UTF8.decode(this.payload.slice(0).buffer);
  }
}

/** A response: to a request this applet sent, or one it sends. */
export class Response {
  constructor(
    public status: u8,
    public fmt: u16 = FMT_TEXT,
    public payload: Uint8Array = new Uint8Array(0),
    public mid: u32 = 0,
    public receiver: u32 = 0,
  ) {}

  /** WAMR's packed response: 16-byte big-endian header, the payload. */
  pack(): Uint8Array {
    const w = new Writer();
    w.u8(1);
    w.u8(this.status);
    w.be16(this.fmt);
    w.be32(this.mid);
    w.be32(this.receiver);
    w.be32(<u32>this.payload.length);
    w.bytes(this.payload);
    return w.finish();
  }

  /** Unpacks a packed response; null when it is malformed. */
  static unpack(b: Uint8Array): Response | null {
    if (b.length < 16 || b[0] != 1) return null;
    const r = new Reader(b, 1);
    const status = r.u8();
    const fmt = r.be16();
    const mid = r.be32();
    const receiver = r.be32();
    const length = <i32>r.be32();
    if (b.length - 16 < length) return null;
    return new Response(status, fmt, r.take(length), mid, receiver);
  }

  /** Sends this response (to receiver); false when the runtime refused it. */
  send(): bool {
    const b = this.pack();
    return env.wasm_response_send(b.dataStart, b.length) != 0;
  }

  attrs(): Attrs | null {
    return this.fmt == FMT_ATTR_CONTAINER ? Attrs.parse(this.payload) : null;
  }
}

class Route {
  constructor(public url: string, public handler: (request: Request) => void) {}
}

class Pending {
  constructor(public mid: u32, public deadline: u32, public handler: (response: Response | null) => void) {}
}

class TimerEntry {
  constructor(public id: u32, public handler: (timer: u32) => void) {}
}

const resources: Route[] = [];
const events: Route[] = [];
const timers: TimerEntry[] = [];
const pending: Pending[] = [];
let nextMid: u32 = 1;
let timeoutTimer: u32 = u32.MAX_VALUE;

/** As the C SDK's check_url_start: prefix matches url at a path-segment end; a leading / is optional on both. */
export function urlMatches(url: string, prefix: string): bool {
  if (url.startsWith("/")) url = url.substring(1);
  if (prefix.startsWith("/")) prefix = prefix.substring(1);
  if (!url.startsWith(prefix)) return false;
  if (url.length == prefix.length) return true;
  const next = url.charAt(prefix.length);
  return next == "/" || next == "?";
}

/** Serves requests whose URL starts with url (newest registration first); others are answered 4.04. */
export function registerResource(url: string, handler: (request: Request) => void): void {
  env.wasm_register_resource(changetype<usize>(cString(url)));
  resources.push(new Route(url, handler));
}

/** Calls handler for each event published on url. */
export function subscribeEvent(url: string, handler: (request: Request) => void): void {
  env.wasm_sub_event(changetype<usize>(cString(url)));
  events.push(new Route(url, handler));
}

/** Publishes an event to every subscriber of url. */
export function publishEvent(url: string, fmt: u16, payload: Uint8Array): void {
  const b = new Request(Method.EVENT, url, fmt, payload).pack();
  env.wasm_post_request(b.dataStart, b.length);
}

/** Sends a request; handler gets its response, or null after REQUEST_TIMEOUT_MS without one. Returns its mid. */
export function sendRequest(method: u8, url: string, fmt: u16, payload: Uint8Array, handler: (response: Response | null) => void): u32 {
  const mid = nextMid;
  nextMid = nextMid == u32.MAX_VALUE ? 1 : nextMid + 1;
  pending.push(new Pending(mid, tickMs() + REQUEST_TIMEOUT_MS, handler));
  const b = new Request(method, url, fmt, payload, mid).pack();
  env.wasm_post_request(b.dataStart, b.length);
  armTimeout();
  return mid;
}

/** One runtime timer serves every outstanding request, set to the oldest one's deadline. */
function armTimeout(): void {
  if (pending.length == 0) {
    if (timeoutTimer != u32.MAX_VALUE) env.wasm_timer_cancel(timeoutTimer);
    return;
  }
  let wait = <i32>(pending[0].deadline - tickMs());
  if (wait < 1) wait = 1;
  if (timeoutTimer == u32.MAX_VALUE) {
    timeoutTimer = env.wasm_create_timer(wait, 0, 0);
    if (timeoutTimer == u32.MAX_VALUE) return; // no timer left: requests then wait for their answers only
  }
  env.wasm_timer_restart(timeoutTimer, wait);
}

function expireRequests(): void {
  const now = tickMs();
  while (pending.length > 0 && <i32>(now - pending[0].deadline) >= 0) {
    const expired = pending.shift();
    expired.handler(null);
  }
  armTimeout();
}

/** Creates a runtime timer calling handler every intervalMs (or once); u32.MAX_VALUE when refused. */
export function createTimer(intervalMs: u32, periodic: bool, autoStart: bool, handler: (timer: u32) => void): u32 {
  const id = env.wasm_create_timer(<i32>intervalMs, periodic ? 1 : 0, autoStart ? 1 : 0);
  if (id != u32.MAX_VALUE) timers.push(new TimerEntry(id, handler));
  return id;
}

export function cancelTimer(id: u32): void { env.wasm_timer_cancel(id); }
export function restartTimer(id: u32, intervalMs: u32): void { env.wasm_timer_restart(id, <i32>intervalMs); }

export function destroyTimer(id: u32): void {
  env.wasm_timer_destroy(id);
  for (let i = 0; i < timers.length; i++) {
    if (timers[i].id == id) { timers.splice(i, 1); break; }
  }
}

/** The runtime's buffer, copied out of the applet's memory (valid only for the call). */
function message(buffer: usize, size: i32): Uint8Array {
  const b = new Uint8Array(size > 0 ? size : 0);
  if (size > 0) memory.copy(b.dataStart, buffer, <usize>size);
  return b;
}

/** Called by the runtime with a packed request or event. */
export function on_request(buffer: usize, size: i32): void {
  const request = Request.unpack(message(buffer, size));
  if (request == null) return;
  const isEvent = request.method == Method.EVENT;
  const list = isEvent ? events : resources;
  for (let i = list.length - 1; i >= 0; i--) {
    if (urlMatches(request.url, list[i].url)) {
      list[i].handler(request);
      return;
    }
  }
  if (!isEvent) request.respond(Status.NOT_FOUND);
}

/** Called by the runtime with the packed response to a request this applet sent. */
export function on_response(buffer: usize, size: i32): void {
  const response = Response.unpack(message(buffer, size));
  if (response == null) return;
  for (let i = 0; i < pending.length; i++) {
    if (pending[i].mid == response.mid) {
      const waiting = pending[i];
      pending.splice(i, 1);
      waiting.handler(response);
      armTimeout();
      return;
    }
  }
}

/** Called by the runtime when a timer of this applet expired. */
export function on_timer_callback(id: u32): void {
  if (id == timeoutTimer) {
    expireRequests();
    return;
  }
  for (let i = 0; i < timers.length; i++) {
    if (timers[i].id == id) {
      timers[i].handler(id);
      return;
    }
  }
}

/** AssemblyScript's abort (built with --use abort=...): prints where, then traps, so the applet's fault policy applies. */
export function appletAbort(message: string | null, fileName: string | null, line: u32, column: u32): void {
  print("abort: " + (message != null ? message : "") + " at " + (fileName != null ? fileName : "?") + ":" + line.toString() + ":" + column.toString());
  unreachable();
}
