/*
 * wasm_app.hpp: C++ conveniences over the applet SDK's C headers (which are
 * usable from C++ as they are: every declaration is extern "C").
 *
 * Applets are freestanding C++ (no libc++, no exceptions, no RTTI):
 * build-applet.sh compiles .cpp sources with -std=c++17 -fno-exceptions
 * -fno-rtti -fno-threadsafe-statics and links runtime.cpp (operator new and
 * delete on the builtin libc's malloc and free). Global objects with
 * constructors are not run (an applet has no _start): construct in on_init.
 */
#pragma once

#include "wasm_app.h"
#include "wa-inc/request.h"
#include "wa-inc/timer_wasm_app.h"

namespace wasm_app {

/* An owned attribute container: destroyed with its owner, movable, not copyable. */
class Attrs {
public:
    explicit Attrs(const char *tag) : _c(attr_container_create(tag)) {}
    Attrs(Attrs &&other) : _c(other._c) { other._c = nullptr; }
    Attrs(const Attrs &) = delete;
    Attrs &operator=(const Attrs &) = delete;
    ~Attrs() { if (_c) attr_container_destroy(_c); }

    explicit operator bool() const { return _c != nullptr; }
    attr_container_t *get() const { return _c; }

    Attrs &set(const char *key, int value) { _ok = _ok && _c && attr_container_set_int(&_c, key, value); return *this; }
    Attrs &set(const char *key, const char *value) { _ok = _ok && _c && attr_container_set_string(&_c, key, value); return *this; }
    Attrs &set(const char *key, bool value) { _ok = _ok && _c && attr_container_set_bool(&_c, key, value); return *this; }
    /* false when any set failed (out of memory) */
    bool ok() const { return _ok && _c; }

    int length() const { return _c ? (int)attr_container_get_serialize_length(_c) : 0; }

private:
    attr_container_t *_c;
    bool _ok = true;
};

/* Answers request with status and, when given, an attribute container. */
inline void respond(request_t *request, int status, const Attrs *body = nullptr)
{
    response_t response[1];
    make_response_for_request(request, response);
    if (body && body->ok())
        set_response(response, status, FMT_ATTR_CONTAINER, (char *)body->get(), body->length());
    else
        set_response(response, status, 0, nullptr, 0);
    api_response_send(response);
}

/* The attribute container a request carries, or nullptr. */
inline const attr_container_t *payload_of(const request_t *request)
{
    return request->payload && request->fmt == FMT_ATTR_CONTAINER
               ? (const attr_container_t *)request->payload
               : nullptr;
}

} // namespace wasm_app
