/*
 * samples/sensor: opens sensor "temperature" (instance 0), asks for a reading
 * every 500 ms, prints each one, and publishes "alert/overheat" when a reading
 * passes 24 degrees. Run it with a simulated sensor:
 *
 *   microwasm serve --sensor temperature=sine,offset=20,amplitude=5,period=20 \
 *       --applet sensor=samples/sensor/sensor.wasm
 */
#include "wasm_app.h"
#include "wa-inc/request.h"
#include "wa-inc/sensor.h"

#define THRESHOLD 24.0

static sensor_t g_sensor;
static int g_readings;

static void
on_reading(sensor_t sensor, attr_container_t *reading, void *user_data)
{
    double value;
    int seq;

    (void)sensor;
    (void)user_data;
    if (!attr_container_contain_key(reading, "value")) {
        printf("reading without a value\n");
        return;
    }
    value = attr_container_get_as_double(reading, "value");
    seq = attr_container_contain_key(reading, "seq")
              ? attr_container_get_as_int(reading, "seq")
              : g_readings;
    g_readings++;
    printf("temperature %.2f (reading %d)\n", value, seq);

    if (value > THRESHOLD) {
        attr_container_t *event = attr_container_create("event");
        if (event) {
            attr_container_set_double(&event, "temperature", value);
            api_publish_event("alert/overheat", FMT_ATTR_CONTAINER, event,
                              attr_container_get_serialize_length(event));
            attr_container_destroy(event);
        }
    }
}

void
on_init()
{
    g_sensor = sensor_open("temperature", 0, on_reading, NULL);
    if (!g_sensor) {
        printf("no sensor \"temperature\": start the manager with "
               "--sensor temperature=...\n");
        return;
    }
    sensor_config(g_sensor, 500, 0, 0);
    printf("sensor \"temperature\" open, a reading every 500 ms\n");
}

void
on_destroy()
{
    if (g_sensor) {
        /* as WAMR's sample: interval 0 stops the readings; then close it */
        sensor_config(g_sensor, 0, 0, 0);
        sensor_close(g_sensor);
        printf("sensor closed after %d readings\n", g_readings);
    }
}
