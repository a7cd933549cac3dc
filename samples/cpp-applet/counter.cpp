/*
 * counter: an applet in C++ on the app SDK's C headers (and app-sdk/cpp's
 * wasm_app.hpp). It serves one resource and listens to one event:
 *
 *   GET  /counter          -> 2.05, attr_container "counter": value (int),
 *                             events (int), min and max of the values added
 *   PUT  /counter {add: n} -> 2.04, the same container after adding n
 *   anything else          -> 4.05 METHOD_NOT_ALLOWED
 *   PUT without an int add -> 4.00 BAD_REQUEST
 *   event alert/overheat   -> counts it and prints
 *                             "[counter] overheat event <n>: <warning>"
 *
 * Freestanding C++17: a class template, RAII (wasm_app::Attrs), lambdas as
 * C callbacks, new/delete on the applet's heap.
 */
#include "wasm_app.hpp"

namespace {

/* A value with its running minimum and maximum. */
template <typename T>
class Tracked {
public:
    explicit Tracked(T start) : _value(start), _min(start), _max(start) {}
    void add(T delta)
    {
        _value += delta;
        if (_value < _min) _min = _value;
        if (_value > _max) _max = _value;
    }
    T value() const { return _value; }
    T min() const { return _min; }
    T max() const { return _max; }

private:
    T _value, _min, _max;
};

struct State {
    Tracked<int> counter{0};
    int events = 0;
};

State *state; /* made in on_init: an applet runs no global constructors */

wasm_app::Attrs describe()
{
    wasm_app::Attrs body("counter");
    body.set("value", state->counter.value())
        .set("events", state->events)
        .set("min", state->counter.min())
        .set("max", state->counter.max());
    return body;
}

void on_counter(request_t *request)
{
    switch (request->action) {
    case COAP_GET: {
        auto body = describe();
        wasm_app::respond(request, CONTENT_2_05, &body);
        break;
    }
    case COAP_PUT: {
        auto *payload = wasm_app::payload_of(request);
        if (!payload || !attr_container_contain_key(payload, "add")) {
            wasm_app::respond(request, BAD_REQUEST_4_00);
            return;
        }
        state->counter.add(attr_container_get_as_int(payload, "add"));
        auto body = describe();
        wasm_app::respond(request, CHANGED_2_04, &body);
        break;
    }
    default:
        wasm_app::respond(request, METHOD_NOT_ALLOWED_4_05);
    }
}

} // namespace

extern "C" void on_init()
{
    state = new State;
    api_register_resource_handler("/counter", on_counter);
    /* a captureless lambda is a plain C function pointer */
    api_subscribe_event("alert/overheat", [](request_t *event) {
        ++state->events;
        auto *payload = wasm_app::payload_of(event);
        const char *warning = payload ? attr_container_get_as_string(payload, "warning") : nullptr;
        printf("[counter] overheat event %d: %s\n", state->events, warning ? warning : "(no warning)");
    });
    printf("[counter] ready\n");
}

extern "C" void on_destroy()
{
    delete state;
    state = nullptr;
}
