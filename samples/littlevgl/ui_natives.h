/*
 * The display natives Microwasm (like WAMR's LittlevGL sample runtime) gives an applet under "env".
 * Colors are LittlevGL's 32-bit lv_color_t; rectangles are inclusive corners.
 */
#ifndef UI_NATIVES_H
#define UI_NATIVES_H

#include <stdbool.h>
#include <stdint.h>

struct _lv_indev_data_t;

/* Copies (x2-x1+1)*(y2-y1+1) pixels, row by row, to the screen. */
void display_flush(int32_t x1, int32_t y1, int32_t x2, int32_t y2, const void *colors);
/* Fills the rectangle with *color. */
void display_fill(int32_t x1, int32_t y1, int32_t x2, int32_t y2, const void *color);
/* Copies pixels to the screen, as display_flush (LittlevGL's unbuffered drawing). */
void display_map(int32_t x1, int32_t y1, int32_t x2, int32_t y2, const void *colors);
/* Writes the pointer's position and state into an lv_indev_data_t; true when more events wait. */
bool display_input_read(void *data);
/* A millisecond tick (LittlevGL's custom tick source). */
uint32_t time_get_ms(void);

#endif
