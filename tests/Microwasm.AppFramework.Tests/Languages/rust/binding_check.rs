//! binding_check: exercises app-sdk/rust (wasm_app) beyond the sample, for
//! RustBindingTests: timers (periodic, restart, destroy, refusals), many
//! outstanding requests, a request nobody answers (the binding's timeout),
//! and attr_container both ways with the host.
use std::cell::Cell;
use wasm_app::attr::{Attrs, Value};
use wasm_app::{app_println, method, status, Request, Timer, FMT_ATTR_CONTAINER, FMT_TEXT};

// this applet puts its allocations in the runtime's app heap (the default 8 KiB), as a C applet
#[global_allocator]
static HEAP: wasm_app::AppHeap = wasm_app::AppHeap;

thread_local! {
    static TICKS: Cell<u32> = Cell::new(0);
    static ANSWERED: Cell<u32> = Cell::new(0);
}

fn all_types() -> Attrs {
    Attrs::new("all types")
        .with("byte", Value::Byte(-5))
        .with("short", Value::Short(-300))
        .with("int", Value::Int(-70000))
        .with("int64", Value::Int64(-5_000_000_000))
        .with("uint8", Value::Uint8(250))
        .with("uint16", Value::Uint16(65000))
        .with("uint32", Value::Uint32(4_000_000_000))
        .with("uint64", Value::Uint64(18_000_000_000_000_000_000))
        .with("float", Value::Float(1.5))
        .with("double", Value::Double(-2.25))
        .with("bool", Value::Bool(true))
        .with("string", "héllo")
        .with("bytes", vec![0u8, 1, 2, 255])
}

fn tick(timer: Timer) {
    let n = TICKS.with(|t| {
        t.set(t.get() + 1);
        t.get()
    });
    app_println!("[check] tick {}", n);
    if n == 3 {
        timer.restart(20);
    } else if n == 5 {
        timer.destroy();
        app_println!("[check] timer destroyed");
        Timer::create(300, false, true, |_| app_println!("[check] quiet, {} ticks", TICKS.with(Cell::get)));
    }
}

#[no_mangle]
pub extern "C" fn on_init() {
    // refusals: a periodic timer of 0 ms
    app_println!("[check] periodic 0 refused: {}", Timer::create(0, true, true, |_| {}).is_none());
    Timer::create(30, true, true, tick);

    // attr round trip inside the applet
    let bytes = all_types().to_bytes();
    app_println!("[check] attrs round trip: {}", Attrs::parse(&bytes) == Some(all_types()));
    app_println!("[check] truncated containers refused: {}", (0..bytes.len()).all(|n| Attrs::parse(&bytes[..n]).is_none()));

    wasm_app::register_resource("/check/echo", |r: &Request| {
        r.respond(status::CONTENT, r.fmt, &r.payload);
    });
    wasm_app::register_resource("/check/silent", |_: &Request| {});
    // the host's container: each attribute as "key=Value" on one line
    wasm_app::register_resource("/check/parse", |r: &Request| {
        let text = match r.attrs() {
            Some(a) => a.attrs.iter().map(|(k, v)| format!("{}={:?}", k, v)).collect::<Vec<_>>().join(";"),
            None => "not a container".to_string(),
        };
        r.respond(status::CONTENT, FMT_TEXT, text.as_bytes());
    });
    // the container of every type, to the host
    wasm_app::register_resource("/check/all", |r: &Request| {
        r.respond(status::CONTENT, FMT_ATTR_CONTAINER, &all_types().to_bytes());
    });

    // 25 requests outstanding at once, to this applet's own resource
    for i in 0..25u32 {
        let body = Attrs::new("n").with("i", i).to_bytes();
        wasm_app::send_request(method::POST, "/check/echo", FMT_ATTR_CONTAINER, &body, move |response| {
            let ok = response.and_then(|r| r.attrs()).and_then(|a| a.get("i").cloned()) == Some(Value::Uint32(i));
            if ok {
                let n = ANSWERED.with(|a| {
                    a.set(a.get() + 1);
                    a.get()
                });
                if n == 25 {
                    app_println!("[check] 25 of 25 answered");
                }
            } else {
                app_println!("[check] request {} answered wrongly", i);
            }
        });
    }
    // nobody answers this one: the binding's 5 s timeout gives None
    let sent = wasm_app::tick_ms();
    wasm_app::send_request(method::GET, "/check/silent", FMT_TEXT, &[], move |response| match response {
        None => app_println!("[check] silent: timed out after {} ms", wasm_app::tick_ms().wrapping_sub(sent)),
        Some(r) => app_println!("[check] silent: answered {}", r.status),
    });
    app_println!("[check] init done");
}
