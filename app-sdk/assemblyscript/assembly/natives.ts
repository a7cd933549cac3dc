// The natives of the applet ABI (module "env"), as the runtime provides them (see app-sdk/README.md).
@external("env", "wasm_register_resource") export declare function wasm_register_resource(url: usize): void;
@external("env", "wasm_response_send") export declare function wasm_response_send(buffer: usize, size: i32): i32;
@external("env", "wasm_post_request") export declare function wasm_post_request(buffer: usize, size: i32): void;
@external("env", "wasm_sub_event") export declare function wasm_sub_event(url: usize): void;
@external("env", "wasm_create_timer") export declare function wasm_create_timer(interval: i32, periodic: i32, autoStart: i32): u32;
@external("env", "wasm_timer_destroy") export declare function wasm_timer_destroy(id: u32): void;
@external("env", "wasm_timer_cancel") export declare function wasm_timer_cancel(id: u32): void;
@external("env", "wasm_timer_restart") export declare function wasm_timer_restart(id: u32, interval: i32): void;
@external("env", "wasm_get_sys_tick_ms") export declare function wasm_get_sys_tick_ms(): u32;
@external("env", "puts") export declare function puts(text: usize): i32;
