/*
 * The natives the SDK imports from module "env" (WAMR's names and C
 * prototypes; the runtime checks every pointer/length pair).
 */
#ifndef _MICROWASM_ENV_NATIVES_H
#define _MICROWASM_ENV_NATIVES_H

#include "bh_platform.h"

typedef unsigned int timer_id_t;

/* requests, responses, events */
bool wasm_response_send(const char *buf, int size);
void wasm_register_resource(const char *url);
void wasm_post_request(const char *buf, int size);
void wasm_sub_event(const char *url);

/* timers */
timer_id_t wasm_create_timer(int interval, bool is_period, bool auto_start);
void wasm_timer_destroy(timer_id_t timer_id);
void wasm_timer_cancel(timer_id_t timer_id);
void wasm_timer_restart(timer_id_t timer_id, int interval);
uint32 wasm_get_sys_tick_ms(void);

/* sensors */
uint32 wasm_sensor_open(const char *name, int instance);
bool wasm_sensor_config(uint32 sensor, uint32 interval, int bit_cfg,
                        uint32 delay);
bool wasm_sensor_config_with_attr_container(uint32 sensor, char *buffer,
                                            uint32 len);
bool wasm_sensor_close(uint32 sensor);

/* connections */
uint32 wasm_open_connection(const char *name, char *args_buf,
                            uint32 args_buf_len);
void wasm_close_connection(uint32 handle);
int wasm_send_on_connection(uint32 handle, const char *data, uint32 data_len);
bool wasm_config_connection(uint32 handle, const char *cfg_buf,
                            uint32 cfg_buf_len);

/* GUI (wgl): argv is an array of argc u32 slots, argv[0] gets the result */
void wasm_obj_native_call(int32 func_id, uint32 *argv, uint32 argc);
void wasm_btn_native_call(int32 func_id, uint32 *argv, uint32 argc);
void wasm_label_native_call(int32 func_id, uint32 *argv, uint32 argc);
void wasm_cb_native_call(int32 func_id, uint32 *argv, uint32 argc);
void wasm_list_native_call(int32 func_id, uint32 *argv, uint32 argc);

#endif
