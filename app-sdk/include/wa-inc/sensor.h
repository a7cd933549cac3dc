/*
 * Microwasm applet SDK: sensors (WAMR's API; the runtime side comes with the
 * extensions issue).
 */
#ifndef _AEE_SENSOR_H_
#define _AEE_SENSOR_H_

#include "bi-inc/attr_container.h"

#ifdef __cplusplus
extern "C" {
#endif

struct _sensor;
typedef struct _sensor *sensor_t;

/* sensor_event is the reading, a read-only attribute container valid only
 * during the call. */
typedef void (*sensor_event_handler_f)(sensor_t sensor,
                                       attr_container_t *sensor_event,
                                       void *user_data);

/* Opens sensor name/index; NULL when unknown or already open in this applet. */
sensor_t sensor_open(const char *name, int index, sensor_event_handler_f handler,
                     void *user_data);

/* Sets the read interval (ms), bit_cfg and delay for this applet. */
bool sensor_config(sensor_t sensor, int interval, int bit_cfg, int delay);

/* Passes cfg to the sensor's configuration hook unchanged. */
bool sensor_config_with_attr_container(sensor_t sensor, attr_container_t *cfg);

bool sensor_close(sensor_t sensor);

#ifdef __cplusplus
}
#endif

#endif
