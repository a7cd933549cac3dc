//! wasm_app: a dependency-free Rust binding of the applet ABI that
//! Microwasm's application framework and WAMR's app manager share (see
//! app-sdk/README.md, "The ABI in short"). It plays the part the C SDK plays:
//! it exports `on_request`, `on_response` and `on_timer_callback`, unpacks
//! WAMR's packed requests and responses, routes them to the handlers the
//! applet registered, times out requests, and reads and writes attribute
//! containers. The applet itself exports `on_init` (and `on_destroy` if it
//! wants one), as a C applet does:
//!
//! ```ignore
//! use wasm_app::{attr::Attrs, status, Request};
//! #[no_mangle]
//! pub extern "C" fn on_init() {
//!     wasm_app::register_resource("/hello", |req: &Request| {
//!         let body = Attrs::new("hello").with("who", "rust");
//!         req.respond(status::CONTENT, wasm_app::FMT_ATTR_CONTAINER, &body.to_bytes());
//!     });
//! }
//! ```
//!
//! Built for `wasm32-unknown-unknown` with std (Debian's libstd-rust-dev-wasm32).
//! Rust's allocations use Rust's own allocator (growing the linear memory, up
//! to the applet's `MaxMemoryPages`); see `AppHeap` to put them in the app
//! heap instead. Everything runs on the applet's one thread, one message at a
//! time: the state below is thread-local.
#![allow(clippy::missing_safety_doc)]

use std::alloc::{GlobalAlloc, Layout};
use std::cell::RefCell;
use std::collections::VecDeque;

pub mod attr;

/// Payload formats.
pub const FMT_TEXT: u16 = 0;
pub const FMT_RAW_BINARY: u16 = 98;
pub const FMT_ATTR_CONTAINER: u16 = 99;

/// How long a request waits for its response (as the C SDK).
pub const REQUEST_TIMEOUT_MS: u32 = 5000;

/// Request methods (WAMR's `coap_method_t`).
pub mod method {
    pub const GET: u8 = 1;
    pub const POST: u8 = 2;
    pub const PUT: u8 = 3;
    pub const DELETE: u8 = 4;
    pub const EVENT: u8 = 6;
}

/// CoAP status bytes, `(class << 5) | detail` (WAMR's `coap_status_t`).
pub mod status {
    pub const CREATED: u8 = 65;
    pub const DELETED: u8 = 66;
    pub const VALID: u8 = 67;
    pub const CHANGED: u8 = 68;
    pub const CONTENT: u8 = 69;
    pub const BAD_REQUEST: u8 = 128;
    pub const NOT_FOUND: u8 = 132;
    pub const METHOD_NOT_ALLOWED: u8 = 133;
    pub const INTERNAL_SERVER_ERROR: u8 = 160;
    pub const SERVICE_UNAVAILABLE: u8 = 163;
}

mod ffi {
    #[link(wasm_import_module = "env")]
    extern "C" {
        pub fn wasm_register_resource(url: *const u8);
        pub fn wasm_response_send(buf: *const u8, size: i32) -> i32;
        pub fn wasm_post_request(buf: *const u8, size: i32);
        pub fn wasm_sub_event(url: *const u8);
        pub fn wasm_create_timer(interval: i32, is_period: i32, auto_start: i32) -> u32;
        pub fn wasm_timer_destroy(id: u32);
        pub fn wasm_timer_cancel(id: u32);
        pub fn wasm_timer_restart(id: u32, interval: i32);
        pub fn wasm_get_sys_tick_ms() -> u32;
        pub fn puts(s: *const u8) -> i32;
        pub fn malloc(size: usize) -> *mut u8;
        pub fn realloc(p: *mut u8, size: usize) -> *mut u8;
        pub fn free(p: *mut u8);
    }
}

/// The runtime's app heap (the builtin libc's `malloc`/`free`/`realloc`) as
/// a Rust allocator, for applets that want their allocations counted in
/// `HeapSize` like a C applet's:
///
/// ```ignore
/// #[global_allocator]
/// static HEAP: wasm_app::AppHeap = wasm_app::AppHeap;
/// ```
///
/// Not the default: the app heap also holds every incoming message while it
/// is handled (WAMR's default is 8 KiB), so a payload of a few KiB that Rust
/// copies would exhaust it, and an allocation failure aborts. By default Rust
/// allocates with its own allocator, which grows the linear memory (bounded
/// by the applet's `MaxMemoryPages`). Blocks of the app heap are 8-byte
/// aligned; a larger alignment is refused.
pub struct AppHeap;

const HEAP_ALIGN: usize = 8;

unsafe impl GlobalAlloc for AppHeap {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if layout.align() > HEAP_ALIGN {
            return std::ptr::null_mut();
        }
        ffi::malloc(layout.size().max(1))
    }
    unsafe fn dealloc(&self, p: *mut u8, _layout: Layout) {
        ffi::free(p)
    }
    unsafe fn realloc(&self, p: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if layout.align() > HEAP_ALIGN {
            return std::ptr::null_mut();
        }
        ffi::realloc(p, new_size.max(1))
    }
}

/// Prints one line through the runtime (the builtin libc's `puts`).
pub fn print_line(line: &str) {
    let mut bytes: Vec<u8> = line.bytes().filter(|&b| b != 0).collect();
    bytes.push(0);
    unsafe { ffi::puts(bytes.as_ptr()) };
}

/// `println!` for applets: formats and prints one line through the runtime.
#[macro_export]
macro_rules! app_println {
    ($($arg:tt)*) => { $crate::print_line(&::std::format!($($arg)*)) };
}

/// Milliseconds since the runtime started (wraps).
pub fn tick_ms() -> u32 {
    unsafe { ffi::wasm_get_sys_tick_ms() }
}

fn c_string(s: &str) -> Vec<u8> {
    let mut v: Vec<u8> = s.bytes().filter(|&b| b != 0).collect();
    v.push(0);
    v
}

/// A request or an event as it reached the applet (or as it is sent).
#[derive(Clone, Debug, PartialEq)]
pub struct Request {
    pub mid: u32,
    pub url: String,
    pub method: u8,
    pub fmt: u16,
    pub payload: Vec<u8>,
    pub sender: u32,
}

/// A response: to a request this applet sent, or one it sends.
#[derive(Clone, Debug, PartialEq)]
pub struct Response {
    pub mid: u32,
    pub status: u8,
    pub fmt: u16,
    pub payload: Vec<u8>,
    pub receiver: u32,
}

fn be16(b: &[u8], at: usize) -> u16 {
    u16::from_be_bytes([b[at], b[at + 1]])
}
fn be32(b: &[u8], at: usize) -> u32 {
    u32::from_be_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
}

impl Request {
    const HEADER: usize = 18;

    /// WAMR's packed request: 18-byte big-endian header, the URL with its NUL, the payload.
    pub fn pack(&self) -> Vec<u8> {
        let url = c_string(&self.url);
        let mut b = Vec::with_capacity(Self::HEADER + url.len() + self.payload.len());
        b.push(1);
        b.push(self.method);
        b.extend_from_slice(&self.fmt.to_be_bytes());
        b.extend_from_slice(&self.mid.to_be_bytes());
        b.extend_from_slice(&self.sender.to_be_bytes());
        b.extend_from_slice(&(url.len() as u16).to_be_bytes());
        b.extend_from_slice(&(self.payload.len() as u32).to_be_bytes());
        b.extend_from_slice(&url);
        b.extend_from_slice(&self.payload);
        b
    }

    /// Unpacks a packed request; None when it is malformed.
    pub fn unpack(b: &[u8]) -> Option<Request> {
        if b.len() < Self::HEADER || b[0] != 1 {
            return None;
        }
        let url_len = be16(b, 12) as usize;
        let payload_len = be32(b, 14) as usize;
        if url_len == 0 || b.len() - Self::HEADER < url_len || b.len() - Self::HEADER - url_len < payload_len {
            return None;
        }
        let url = &b[Self::HEADER..Self::HEADER + url_len];
        let url = url.split(|&c| c == 0).next().unwrap_or(&[]);
        let start = Self::HEADER + url_len;
        Some(Request {
            method: b[1],
            fmt: be16(b, 2),
            mid: be32(b, 4),
            sender: be32(b, 8),
            url: String::from_utf8_lossy(url).into_owned(),
            payload: b[start..start + payload_len].to_vec(),
        })
    }

    /// Sends the response to this request.
    pub fn respond(&self, status: u8, fmt: u16, payload: &[u8]) -> bool {
        Response { mid: self.mid, status, fmt, payload: payload.to_vec(), receiver: self.sender }.send()
    }

    /// The payload as an attribute container, when it is one.
    pub fn attrs(&self) -> Option<attr::Attrs> {
        if self.fmt == FMT_ATTR_CONTAINER {
            attr::Attrs::parse(&self.payload)
        } else {
            None
        }
    }
}

impl Response {
    const HEADER: usize = 16;

    /// WAMR's packed response: 16-byte big-endian header, the payload.
    pub fn pack(&self) -> Vec<u8> {
        let mut b = Vec::with_capacity(Self::HEADER + self.payload.len());
        b.push(1);
        b.push(self.status);
        b.extend_from_slice(&self.fmt.to_be_bytes());
        b.extend_from_slice(&self.mid.to_be_bytes());
        b.extend_from_slice(&self.receiver.to_be_bytes());
        b.extend_from_slice(&(self.payload.len() as u32).to_be_bytes());
        b.extend_from_slice(&self.payload);
        b
    }

    /// Unpacks a packed response; None when it is malformed.
    pub fn unpack(b: &[u8]) -> Option<Response> {
        if b.len() < Self::HEADER || b[0] != 1 {
            return None;
        }
        let payload_len = be32(b, 12) as usize;
        if b.len() - Self::HEADER < payload_len {
            return None;
        }
        Some(Response {
            status: b[1],
            fmt: be16(b, 2),
            mid: be32(b, 4),
            receiver: be32(b, 8),
            payload: b[Self::HEADER..Self::HEADER + payload_len].to_vec(),
        })
    }

    /// Sends this response (to `receiver`); false when the runtime refused it.
    pub fn send(&self) -> bool {
        let b = self.pack();
        unsafe { ffi::wasm_response_send(b.as_ptr(), b.len() as i32) != 0 }
    }

    /// The payload as an attribute container, when it is one.
    pub fn attrs(&self) -> Option<attr::Attrs> {
        if self.fmt == FMT_ATTR_CONTAINER {
            attr::Attrs::parse(&self.payload)
        } else {
            None
        }
    }
}

type RequestHandler = Box<dyn FnMut(&Request)>;
type ResponseHandler = Box<dyn FnOnce(Option<&Response>)>;
type TimerHandler = Box<dyn FnMut(Timer)>;

struct Pending {
    mid: u32,
    deadline: u32,
    handler: ResponseHandler,
}

#[derive(Default)]
struct State {
    resources: Vec<(String, std::rc::Rc<RefCell<RequestHandler>>)>,
    events: Vec<(String, std::rc::Rc<RefCell<RequestHandler>>)>,
    timers: Vec<(u32, std::rc::Rc<RefCell<TimerHandler>>)>,
    pending: VecDeque<Pending>,
    next_mid: u32,
    timeout_timer: Option<u32>,
}

thread_local! {
    static STATE: RefCell<State> = RefCell::new(State { next_mid: 1, ..State::default() });
}

/// As the C SDK's `check_url_start`: `prefix` matches `url` at a path-segment
/// end (`/a` matches `/a`, `/a/b` and `/a?x`, not `/ab`); a leading `/` is
/// optional on both sides.
pub fn url_matches(url: &str, prefix: &str) -> bool {
    let url = url.strip_prefix('/').unwrap_or(url);
    let prefix = prefix.strip_prefix('/').unwrap_or(prefix);
    match url.strip_prefix(prefix) {
        Some(rest) => rest.is_empty() || rest.starts_with('/') || rest.starts_with('?'),
        None => false,
    }
}

/// Serves requests whose URL starts with `url` (newest registration first).
/// Requests no handler matches are answered 4.04.
pub fn register_resource(url: &str, handler: impl FnMut(&Request) + 'static) {
    let c = c_string(url);
    unsafe { ffi::wasm_register_resource(c.as_ptr()) };
    STATE.with(|s| s.borrow_mut().resources.push((url.to_string(), std::rc::Rc::new(RefCell::new(Box::new(handler))))));
}

/// Calls `handler` for each event published on `url`.
pub fn subscribe_event(url: &str, handler: impl FnMut(&Request) + 'static) {
    let c = c_string(url);
    unsafe { ffi::wasm_sub_event(c.as_ptr()) };
    STATE.with(|s| s.borrow_mut().events.push((url.to_string(), std::rc::Rc::new(RefCell::new(Box::new(handler))))));
}

/// Publishes an event to every subscriber of `url`.
pub fn publish_event(url: &str, fmt: u16, payload: &[u8]) {
    let request = Request { mid: 0, url: url.to_string(), method: method::EVENT, fmt, payload: payload.to_vec(), sender: 0 };
    let b = request.pack();
    unsafe { ffi::wasm_post_request(b.as_ptr(), b.len() as i32) };
}

/// Sends a request; `handler` gets its response, or None after
/// `REQUEST_TIMEOUT_MS` without one. Returns the request's mid.
pub fn send_request(method: u8, url: &str, fmt: u16, payload: &[u8], handler: impl FnOnce(Option<&Response>) + 'static) -> u32 {
    let mid = STATE.with(|s| {
        let mut s = s.borrow_mut();
        let mid = s.next_mid;
        s.next_mid = s.next_mid.wrapping_add(1).max(1);
        let deadline = tick_ms().wrapping_add(REQUEST_TIMEOUT_MS);
        s.pending.push_back(Pending { mid, deadline, handler: Box::new(handler) });
        mid
    });
    let request = Request { mid, url: url.to_string(), method, fmt, payload: payload.to_vec(), sender: 0 };
    let b = request.pack();
    unsafe { ffi::wasm_post_request(b.as_ptr(), b.len() as i32) };
    arm_timeout();
    mid
}

/// One runtime timer serves every outstanding request: it is set to the
/// oldest one's deadline (the list is in send order, all with one timeout).
fn arm_timeout() {
    let next = STATE.with(|s| s.borrow().pending.front().map(|p| p.deadline));
    let id = STATE.with(|s| s.borrow().timeout_timer);
    match (next, id) {
        (None, Some(id)) => unsafe { ffi::wasm_timer_cancel(id) },
        (None, None) => {}
        (Some(deadline), _) => {
            let wait = (deadline.wrapping_sub(tick_ms()) as i32).max(1);
            let id = match id {
                Some(id) => id,
                None => {
                    let id = unsafe { ffi::wasm_create_timer(wait, 0, 0) };
                    if id == u32::MAX {
                        return; // no timer left: requests then wait for their answers only
                    }
                    STATE.with(|s| s.borrow_mut().timeout_timer = Some(id));
                    id
                }
            };
            unsafe { ffi::wasm_timer_restart(id, wait) };
        }
    }
}

fn expire_requests() {
    let now = tick_ms();
    loop {
        let expired = STATE.with(|s| {
            let mut s = s.borrow_mut();
            match s.pending.front() {
                Some(p) if (now.wrapping_sub(p.deadline) as i32) >= 0 => s.pending.pop_front(),
                _ => None,
            }
        });
        match expired {
            Some(p) => (p.handler)(None),
            None => break,
        }
    }
    arm_timeout();
}

/// A runtime timer of this applet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Timer(pub u32);

impl Timer {
    /// Creates a timer calling `handler` every `interval_ms` (or once);
    /// None when the runtime refuses it (too many timers, a bad interval).
    pub fn create(interval_ms: u32, periodic: bool, auto_start: bool, handler: impl FnMut(Timer) + 'static) -> Option<Timer> {
        let id = unsafe { ffi::wasm_create_timer(interval_ms as i32, periodic as i32, auto_start as i32) };
        if id == u32::MAX {
            return None;
        }
        STATE.with(|s| s.borrow_mut().timers.push((id, std::rc::Rc::new(RefCell::new(Box::new(handler))))));
        Some(Timer(id))
    }
    /// Stops the timer (it can be restarted).
    pub fn cancel(self) {
        unsafe { ffi::wasm_timer_cancel(self.0) }
    }
    /// (Re)starts the timer with a new interval.
    pub fn restart(self, interval_ms: u32) {
        unsafe { ffi::wasm_timer_restart(self.0, interval_ms as i32) }
    }
    /// Destroys the timer and forgets its handler.
    pub fn destroy(self) {
        unsafe { ffi::wasm_timer_destroy(self.0) };
        STATE.with(|s| s.borrow_mut().timers.retain(|(id, _)| *id != self.0));
    }
}

/// The runtime's buffer, in this applet's memory and valid for the call (it
/// is unpacked straight from there: one copy less on a small heap).
fn message<'a>(buf: *const u8, size: i32) -> &'a [u8] {
    if buf.is_null() || size <= 0 {
        return &[];
    }
    unsafe { std::slice::from_raw_parts(buf, size as usize) }
}

/// Called by the runtime with a packed request or event.
#[no_mangle]
pub extern "C" fn on_request(buf: *const u8, size: i32) {
    let request = match Request::unpack(message(buf, size)) {
        Some(r) => r,
        None => return,
    };
    let is_event = request.method == method::EVENT;
    // handlers are cloned out so a handler may register, send or subscribe
    let handler = STATE.with(|s| {
        let s = s.borrow();
        let list = if is_event { &s.events } else { &s.resources };
        list.iter().rev().find(|(url, _)| url_matches(&request.url, url)).map(|(_, h)| h.clone())
    });
    match handler {
        Some(h) => (h.borrow_mut())(&request),
        None if !is_event => {
            request.respond(status::NOT_FOUND, FMT_TEXT, &[]);
        }
        None => {}
    }
}

/// Called by the runtime with the packed response to a request this applet sent.
#[no_mangle]
pub extern "C" fn on_response(buf: *const u8, size: i32) {
    let response = match Response::unpack(message(buf, size)) {
        Some(r) => r,
        None => return,
    };
    let pending = STATE.with(|s| {
        let mut s = s.borrow_mut();
        let at = s.pending.iter().position(|p| p.mid == response.mid)?;
        s.pending.remove(at)
    });
    if let Some(p) = pending {
        (p.handler)(Some(&response));
        arm_timeout();
    }
}

/// Called by the runtime when a timer of this applet expired.
#[no_mangle]
pub extern "C" fn on_timer_callback(id: u32) {
    if STATE.with(|s| s.borrow().timeout_timer) == Some(id) {
        expire_requests();
        return;
    }
    let handler = STATE.with(|s| s.borrow().timers.iter().find(|(t, _)| *t == id).map(|(_, h)| h.clone()));
    if let Some(h) = handler {
        (h.borrow_mut())(Timer(id));
    }
}
