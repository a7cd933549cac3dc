/*
 * timer_slots: sends 25 requests to request_handler, one every 30 ms (each
 * answered before the next), then creates a 100 ms timer of its own. With
 * WAMR's SDK every request leaks one of the applet's 20 runtime timers, so
 * that last timer never fires; with ours it prints "own timer fired".
 */
#include "wasm_app.h"
#include "wa-inc/request.h"
#include "wa-inc/timer_wasm_app.h"
static int sent, answered;
static user_timer_t pacer;
static void tick(user_timer_t t) { printf("bursts: own timer fired after %d bursts\n", answered); }
static void on_resp(response_t *r, void *u) { answered++; }
static void pace(user_timer_t t) {
    request_t req[1];
    if (sent == 25) {
        user_timer_t own;
        api_timer_cancel(pacer);
        own = api_timer_create(100, false, true, tick);
        printf("bursts: %d answered, own timer %s\n", answered, own ? "created" : "NULL");
        return;
    }
    sent++;
    init_request(req, "/app/request_handler/url2", COAP_GET, 0, NULL, 0);
    api_send_request(req, on_resp, NULL);
}
void on_init(void) { pacer = api_timer_create(30, true, true, pace); }
