/*
 * Microwasm's LittlevGL sample: LittlevGL 5.3, compiled into this applet, draws on the runtime's
 * display through the display_* natives and reads its pointer through display_input_read.
 * The screen: "Hello world!" at the top left, the seconds since start at the top middle, a button
 * in the middle that counts its clicks, and the count at the bottom. Each click is also printed.
 */
#include <stdio.h>

#include "lvgl.h"
#include "ui_natives.h"
#include "wasm_app.h"
#include "wa-inc/timer_wasm_app.h"

static lv_obj_t *seconds_label;
static lv_obj_t *count_label;
static char seconds_text[12];
static char count_text[12];
static uint32_t start_ms;
static uint32_t shown_seconds = (uint32_t)-1;
static int clicks;

/* LittlevGL's display driver: its drawing buffer (VDB) goes to the screen in one native call. */
static void flush(int32_t x1, int32_t y1, int32_t x2, int32_t y2, const lv_color_t *colors)
{
    display_flush(x1, y1, x2, y2, colors);
    lv_flush_ready();
}

static void fill(int32_t x1, int32_t y1, int32_t x2, int32_t y2, lv_color_t color)
{
    display_fill(x1, y1, x2, y2, &color);
}

static void map(int32_t x1, int32_t y1, int32_t x2, int32_t y2, const lv_color_t *colors)
{
    display_map(x1, y1, x2, y2, colors);
}

static bool read_pointer(lv_indev_data_t *data)
{
    return display_input_read(data);
}

static lv_res_t on_click(lv_obj_t *button)
{
    (void)button;
    clicks++;
    snprintf(count_text, sizeof count_text, "%d", clicks);
    lv_label_set_text(count_label, count_text);
    lv_obj_align(count_label, NULL, LV_ALIGN_IN_BOTTOM_MID, 0, -8);
    printf("clicked: %d\n", clicks);
    return LV_RES_OK;
}

/* Every 10 ms: the uptime label once a second, then LittlevGL's tasks (input, animations, redraw). */
static void on_tick(user_timer_t timer)
{
    (void)timer;
    uint32_t seconds = (time_get_ms() - start_ms) / 1000;
    if (seconds != shown_seconds) {
        shown_seconds = seconds;
        snprintf(seconds_text, sizeof seconds_text, "%u", (unsigned)seconds);
        lv_label_set_text(seconds_label, seconds_text);
        lv_obj_align(seconds_label, NULL, LV_ALIGN_IN_TOP_MID, 0, 8);
    }
    lv_task_handler();
}

void on_init(void)
{
    start_ms = time_get_ms();
    lv_init();

    lv_disp_drv_t display;
    lv_disp_drv_init(&display);
    display.disp_flush = flush;
    display.disp_fill = fill;
    display.disp_map = map;
    lv_disp_drv_register(&display);

    lv_indev_drv_t pointer;
    lv_indev_drv_init(&pointer);
    pointer.type = LV_INDEV_TYPE_POINTER;
    pointer.read = read_pointer;
    lv_indev_drv_register(&pointer);

    lv_obj_t *screen = lv_scr_act();

    lv_obj_t *hello = lv_label_create(screen, NULL);
    lv_label_set_text(hello, "Hello world!");
    lv_obj_align(hello, NULL, LV_ALIGN_IN_TOP_LEFT, 8, 8);

    seconds_label = lv_label_create(screen, NULL);
    lv_label_set_text(seconds_label, "0");
    lv_obj_align(seconds_label, NULL, LV_ALIGN_IN_TOP_MID, 0, 8);

    lv_obj_t *button = lv_btn_create(screen, NULL);
    lv_obj_set_size(button, 140, 56);
    lv_btn_set_action(button, LV_BTN_ACTION_CLICK, on_click);
    lv_obj_align(button, NULL, LV_ALIGN_CENTER, 0, 0);
    lv_obj_t *caption = lv_label_create(button, NULL);
    lv_label_set_text(caption, "Click ++");

    count_label = lv_label_create(screen, NULL);
    lv_label_set_text(count_label, "0");
    lv_obj_align(count_label, NULL, LV_ALIGN_IN_BOTTOM_MID, 0, -8);

    if (!api_timer_create(10, true, true, on_tick)) {
        printf("littlevgl: cannot create the 10 ms timer\n");
    }
    printf("littlevgl: ready (%dx%d)\n", LV_HOR_RES, LV_VER_RES);
}
