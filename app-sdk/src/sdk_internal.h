/* Microwasm applet SDK: what the SDK's own files share (not for applets). */
#ifndef _MICROWASM_SDK_INTERNAL_H
#define _MICROWASM_SDK_INTERNAL_H

#include "wa-inc/timer_wasm_app.h"

/* Stops a timer but keeps it (api_timer_cancel also releases it). */
void wa_timer_stop(user_timer_t timer);

#endif
