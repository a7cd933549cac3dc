/*
 * Microwasm applet SDK: the GUI (wgl) subset of LVGL 6 that WAMR's applets
 * see. Every lv_obj_t * is an object id the runtime hands out (0 = the
 * active screen as a parent), not a pointer into the applet's memory.
 *
 * DECLARATIONS ONLY: the implementations (wrappers over the
 * wasm_*_native_call natives, and on_widget_event) come with the extensions
 * issue; build-applet.sh does not link them yet.
 */
#ifndef _MICROWASM_WA_LVGL_H
#define _MICROWASM_WA_LVGL_H

#include <stdint.h>
#include <stdbool.h>
#include "bi-inc/wgl_shared_utils.h"

#ifdef __cplusplus
extern "C" {
#endif

struct _lv_obj_t;
typedef struct _lv_obj_t lv_obj_t;

typedef int16_t lv_coord_t;

typedef struct {
    lv_coord_t x;
    lv_coord_t y;
} lv_point_t;

enum { LV_RES_INV = 0, LV_RES_OK };
typedef uint8_t lv_res_t;

/* LVGL 6 event codes */
enum {
    LV_EVENT_PRESSED,
    LV_EVENT_PRESSING,
    LV_EVENT_PRESS_LOST,
    LV_EVENT_SHORT_CLICKED,
    LV_EVENT_LONG_PRESSED,
    LV_EVENT_LONG_PRESSED_REPEAT,
    LV_EVENT_CLICKED,
    LV_EVENT_RELEASED,
    LV_EVENT_DRAG_BEGIN,
    LV_EVENT_DRAG_END,
    LV_EVENT_DRAG_THROW_BEGIN,
    LV_EVENT_KEY,
    LV_EVENT_FOCUSED,
    LV_EVENT_DEFOCUSED,
    LV_EVENT_VALUE_CHANGED,
    LV_EVENT_INSERT,
    LV_EVENT_REFRESH,
    LV_EVENT_APPLY,
    LV_EVENT_CANCEL,
    LV_EVENT_DELETE
};
typedef uint8_t lv_event_t;

typedef void (*lv_event_cb_t)(lv_obj_t *obj, lv_event_t event);

/* LVGL 6 alignments */
enum {
    LV_ALIGN_CENTER = 0,
    LV_ALIGN_IN_TOP_LEFT,
    LV_ALIGN_IN_TOP_MID,
    LV_ALIGN_IN_TOP_RIGHT,
    LV_ALIGN_IN_BOTTOM_LEFT,
    LV_ALIGN_IN_BOTTOM_MID,
    LV_ALIGN_IN_BOTTOM_RIGHT,
    LV_ALIGN_IN_LEFT_MID,
    LV_ALIGN_IN_RIGHT_MID,
    LV_ALIGN_OUT_TOP_LEFT,
    LV_ALIGN_OUT_TOP_MID,
    LV_ALIGN_OUT_TOP_RIGHT,
    LV_ALIGN_OUT_BOTTOM_LEFT,
    LV_ALIGN_OUT_BOTTOM_MID,
    LV_ALIGN_OUT_BOTTOM_RIGHT,
    LV_ALIGN_OUT_LEFT_TOP,
    LV_ALIGN_OUT_LEFT_MID,
    LV_ALIGN_OUT_LEFT_BOTTOM,
    LV_ALIGN_OUT_RIGHT_TOP,
    LV_ALIGN_OUT_RIGHT_MID,
    LV_ALIGN_OUT_RIGHT_BOTTOM
};
typedef uint8_t lv_align_t;

enum {
    LV_BTN_STATE_REL,
    LV_BTN_STATE_PR,
    LV_BTN_STATE_TGL_REL,
    LV_BTN_STATE_TGL_PR,
    LV_BTN_STATE_INA,
    _LV_BTN_STATE_NUM
};
typedef uint8_t lv_btn_state_t;

enum {
    LV_LABEL_LONG_EXPAND,
    LV_LABEL_LONG_BREAK,
    LV_LABEL_LONG_DOT,
    LV_LABEL_LONG_SROLL,
    LV_LABEL_LONG_SROLL_CIRC,
    LV_LABEL_LONG_CROP
};
typedef uint8_t lv_label_long_mode_t;

enum { LV_LABEL_ALIGN_LEFT, LV_LABEL_ALIGN_CENTER, LV_LABEL_ALIGN_RIGHT };
typedef uint8_t lv_label_align_t;

/* objects */
lv_res_t lv_obj_del(lv_obj_t *obj);
void lv_obj_del_async(lv_obj_t *obj);
void lv_obj_clean(lv_obj_t *obj);
void lv_obj_align(lv_obj_t *obj, const lv_obj_t *base, lv_align_t align,
                  lv_coord_t x_mod, lv_coord_t y_mod);
void lv_obj_set_event_cb(lv_obj_t *obj, lv_event_cb_t event_cb);
lv_event_cb_t lv_obj_get_event_cb(const lv_obj_t *obj);

/* buttons */
lv_obj_t *lv_btn_create(lv_obj_t *par, const lv_obj_t *copy);
void lv_btn_set_toggle(lv_obj_t *btn, bool tgl);
void lv_btn_set_state(lv_obj_t *btn, lv_btn_state_t state);
void lv_btn_toggle(lv_obj_t *btn);
void lv_btn_set_ink_in_time(lv_obj_t *btn, uint16_t time);
void lv_btn_set_ink_wait_time(lv_obj_t *btn, uint16_t time);
void lv_btn_set_ink_out_time(lv_obj_t *btn, uint16_t time);
lv_btn_state_t lv_btn_get_state(const lv_obj_t *btn);
bool lv_btn_get_toggle(const lv_obj_t *btn);
uint16_t lv_btn_get_ink_in_time(const lv_obj_t *btn);
uint16_t lv_btn_get_ink_wait_time(const lv_obj_t *btn);
uint16_t lv_btn_get_ink_out_time(const lv_obj_t *btn);

/* check boxes */
lv_obj_t *lv_cb_create(lv_obj_t *par, const lv_obj_t *copy);
void lv_cb_set_text(lv_obj_t *cb, const char *txt);
void lv_cb_set_static_text(lv_obj_t *cb, const char *txt);
const char *lv_cb_get_text(const lv_obj_t *cb);

/* labels */
lv_obj_t *lv_label_create(lv_obj_t *par, const lv_obj_t *copy);
void lv_label_set_text(lv_obj_t *label, const char *text);
void lv_label_set_array_text(lv_obj_t *label, const char *array, uint16_t size);
void lv_label_set_static_text(lv_obj_t *label, const char *text);
void lv_label_set_long_mode(lv_obj_t *label, lv_label_long_mode_t long_mode);
void lv_label_set_align(lv_obj_t *label, lv_label_align_t align);
void lv_label_set_recolor(lv_obj_t *label, bool en);
void lv_label_set_body_draw(lv_obj_t *label, bool en);
void lv_label_set_anim_speed(lv_obj_t *label, uint16_t anim_speed);
void lv_label_set_text_sel_start(lv_obj_t *label, uint16_t index);
void lv_label_set_text_sel_end(lv_obj_t *label, uint16_t index);
char *lv_label_get_text(const lv_obj_t *label);
lv_label_long_mode_t lv_label_get_long_mode(const lv_obj_t *label);
lv_label_align_t lv_label_get_align(const lv_obj_t *label);
bool lv_label_get_recolor(const lv_obj_t *label);
bool lv_label_get_body_draw(const lv_obj_t *label);
uint16_t lv_label_get_anim_speed(const lv_obj_t *label);
void lv_label_get_letter_pos(const lv_obj_t *label, uint16_t index,
                             lv_point_t *pos);
uint16_t lv_label_get_letter_on(const lv_obj_t *label, lv_point_t *pos);
bool lv_label_is_char_under_pos(const lv_obj_t *label, lv_point_t *pos);
uint16_t lv_label_get_text_sel_start(const lv_obj_t *label);
uint16_t lv_label_get_text_sel_end(const lv_obj_t *label);
void lv_label_ins_text(lv_obj_t *label, uint32_t pos, const char *txt);
void lv_label_cut_text(lv_obj_t *label, uint32_t pos, uint32_t cnt);

/* lists */
lv_obj_t *lv_list_create(lv_obj_t *par, const lv_obj_t *copy);
lv_obj_t *lv_list_add_btn(lv_obj_t *list, const void *img_src,
                          const char *txt);

#ifdef __cplusplus
}
#endif

#endif
