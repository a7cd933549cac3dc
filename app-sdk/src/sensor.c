/*
 * Microwasm applet SDK: sensors. Each sensor_t maps a runtime sensor id to
 * the applet's handler; on_sensor_event is the export the runtime calls.
 */
#include "wa-inc/sensor.h"
#include "bi-inc/shared_utils.h"
#include "env_natives.h"

struct _sensor {
    struct _sensor *next;
    char *name;
    uint32 handle;
    sensor_event_handler_f handler;
    void *user_data;
};

static sensor_t g_sensors = NULL;

sensor_t
sensor_open(const char *name, int index, sensor_event_handler_f handler,
            void *user_data)
{
    sensor_t s;
    uint32 id;

    if (!name)
        return NULL;
    if (!(s = (sensor_t)malloc(sizeof(*s))))
        return NULL;
    if (!(s->name = wa_strdup(name))) {
        free(s);
        return NULL;
    }
    id = wasm_sensor_open(name, index);
    if (id == (uint32)-1) {
        free(s->name);
        free(s);
        return NULL;
    }
    s->handle = id;
    s->handler = handler;
    s->user_data = user_data;
    s->next = g_sensors;
    g_sensors = s;
    return s;
}

bool
sensor_config(sensor_t sensor, int interval, int bit_cfg, int delay)
{
    if (!sensor)
        return false;
    return wasm_sensor_config(sensor->handle, (uint32)interval, bit_cfg,
                              (uint32)delay);
}

bool
sensor_config_with_attr_container(sensor_t sensor, attr_container_t *cfg)
{
    if (!sensor || !cfg)
        return false;
    return wasm_sensor_config_with_attr_container(
        sensor->handle, (char *)cfg, attr_container_get_serialize_length(cfg));
}

bool
sensor_close(sensor_t sensor)
{
    sensor_t *link;

    if (!sensor)
        return false;
    for (link = &g_sensors; *link; link = &(*link)->next) {
        if (*link == sensor) {
            *link = sensor->next;
            wasm_sensor_close(sensor->handle);
            free(sensor->name);
            free(sensor);
            return true;
        }
    }
    return false;
}

/* Called by the runtime: buffer is a serialized attr_container. */
void
on_sensor_event(uint32 sensor_id, char *buffer, int len)
{
    sensor_t s;

    (void)len;
    for (s = g_sensors; s; s = s->next) {
        if (s->handle == sensor_id) {
            if (s->handler)
                s->handler(s, (attr_container_t *)buffer, s->user_data);
            return;
        }
    }
}
