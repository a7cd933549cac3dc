//! rust_service: an applet in Rust on app-sdk/rust (the wasm_app crate).
//!
//!   PUT|POST /rust/sum {a: int, b: int} -> 2.05 "sum" {sum, requests, events}
//!   GET /rust/sum                       -> 2.05 "sum" {requests, events}
//!   anything else on /rust/sum          -> 4.05; without a and b -> 4.00
//!   event alert/overheat                -> counted, printed
//!                                          "[rust] overheat event <n>: <warning>"
//!   after each 2 overheat events        -> publishes rust/overheat-summary {events}
//!   200 ms after start                  -> GET /url1 (samples/simple's
//!                                          request_handler), prints the answer
use std::cell::Cell;
use wasm_app::attr::Attrs;
use wasm_app::{app_println, method, status, Request, Timer, FMT_ATTR_CONTAINER};

thread_local! {
    static REQUESTS: Cell<i32> = Cell::new(0);
    static EVENTS: Cell<i32> = Cell::new(0);
}

fn counts(body: Attrs) -> Attrs {
    body.with("requests", REQUESTS.with(Cell::get)).with("events", EVENTS.with(Cell::get))
}

fn on_sum(request: &Request) {
    REQUESTS.with(|n| n.set(n.get() + 1));
    match request.method {
        method::GET => {
            request.respond(status::CONTENT, FMT_ATTR_CONTAINER, &counts(Attrs::new("sum")).to_bytes());
        }
        method::PUT | method::POST => {
            let operands = request.attrs().and_then(|a| {
                Some((a.get("a")?.as_i64()?, a.get("b")?.as_i64()?))
            });
            match operands {
                Some((a, b)) => {
                    app_println!("[rust] sum {} + {} from sender {}", a, b, request.sender);
                    let body = counts(Attrs::new("sum").with("sum", a + b).with("from", "rust"));
                    request.respond(status::CONTENT, FMT_ATTR_CONTAINER, &body.to_bytes());
                }
                None => {
                    request.respond(status::BAD_REQUEST, FMT_ATTR_CONTAINER, &Attrs::new("error").with("error", "want a and b").to_bytes());
                }
            }
        }
        _ => {
            request.respond(status::METHOD_NOT_ALLOWED, 0, &[]);
        }
    }
}

fn on_overheat(event: &Request) {
    let n = EVENTS.with(|e| {
        e.set(e.get() + 1);
        e.get()
    });
    let warning = event
        .attrs()
        .and_then(|a| a.get("warning").and_then(|w| w.as_str().map(str::to_string)))
        .unwrap_or_else(|| "(no warning)".to_string());
    app_println!("[rust] overheat event {}: {}", n, warning);
    if n % 2 == 0 {
        wasm_app::publish_event("rust/overheat-summary", FMT_ATTR_CONTAINER, &Attrs::new("summary").with("events", n).to_bytes());
    }
}

fn ask_url1(timer: Timer) {
    timer.destroy();
    wasm_app::send_request(method::GET, "/url1", 0, &[], |response| match response {
        None => app_println!("[rust] url1: no answer"),
        Some(r) => {
            let key1 = r
                .attrs()
                .and_then(|a| a.get("key1").and_then(|v| v.as_str().map(str::to_string)))
                .unwrap_or_default();
            app_println!("[rust] url1 answered {} key1={}", r.status, key1);
        }
    });
}

#[no_mangle]
pub extern "C" fn on_init() {
    wasm_app::register_resource("/rust/sum", on_sum);
    wasm_app::subscribe_event("alert/overheat", on_overheat);
    if Timer::create(200, false, true, ask_url1).is_none() {
        app_println!("[rust] no timer");
    }
    app_println!("[rust] ready");
}

#[no_mangle]
pub extern "C" fn on_destroy() {
    app_println!("[rust] bye after {} requests", REQUESTS.with(Cell::get));
}
