using System.Buffers.Binary;
using System.Text;
using Microwasm.AppFramework.Applets;
using Microwasm.AppFramework.Messaging;
using Microwasm.TestSupport;

namespace Microwasm.AppFramework.Tests.Extensions;

/// <summary>
/// Applets in the text format that drive the sensor and connection natives on request, so a test
/// controls every call and every byte. Both register one resource; the URL's last character is the
/// command, and the 2.05 response carries their state (<see cref="State"/>).
/// </summary>
internal static class ExtensionApplets
{
    // The response: version 1, 2.05, fmt 0, mid and receiver copied from the request, payload_len 272
    // (big-endian): 4 i32 counters at 272 and up to 256 bytes of the last data at 288.
    private const string Respond = """
          (data (i32.const 256) "\01\45\00\00\00\00\00\00\00\00\00\00\00\00\01\10")
          (func $respond_state (param $buf i32)
            (i32.store (i32.const 260) (i32.load (i32.add (local.get $buf) (i32.const 4))))
            (i32.store (i32.const 264) (i32.load (i32.add (local.get $buf) (i32.const 8))))
            (i32.store (i32.const 272) (global.get $events))
            (i32.store (i32.const 276) (global.get $handle))
            (i32.store (i32.const 280) (global.get $result))
            (i32.store (i32.const 284) (global.get $total))
            (drop (call $respond (i32.const 256) (i32.const 288))))
          (func $command (param $buf i32) (result i32)
            ;; the URL's last character: buf + 18 + url_len - 2 (url_len is big-endian and counts the NUL)
            (i32.load8_u (i32.add (i32.add (local.get $buf) (i32.const 16))
              (i32.or (i32.shl (i32.load8_u (i32.add (local.get $buf) (i32.const 12))) (i32.const 8))
                      (i32.load8_u (i32.add (local.get $buf) (i32.const 13)))))))
          ;; keeps the last 256 bytes received at 288
          (func $keep (param $buf i32) (param $len i32)
            (if (i32.gt_u (local.get $len) (i32.const 256)) (then (local.set $len (i32.const 256))))
            (memory.fill (i32.const 288) (i32.const 0) (i32.const 256))
            (memory.copy (i32.const 288) (local.get $buf) (local.get $len)))
        """;

    /// <summary>
    /// Opens sensor <paramref name="name"/>/<paramref name="instance"/> in on_init (and configures
    /// <paramref name="interval"/> ms unless it is null); on <c>/s/CMD</c>: <c>c</c> state only,
    /// <c>o</c> open again, <c>x</c> close, <c>z</c> interval 0, <c>i</c> interval <paramref name="interval2"/>,
    /// <c>g</c> configure with <paramref name="configuration"/>, <c>b</c> configure with 16 garbage bytes,
    /// <c>h</c> configure with a container whose length claims more than the buffer, <c>p</c> configure
    /// with a pointer past the end of memory (a trap). State: readings received, sensor id, last result, last length;
    /// the data is the last reading, and its last 4 bytes the system tick (ms) when it arrived (<see cref="State.LastTick"/>).
    /// </summary>
    public static byte[] Sensor(string name, int instance = 0, int? interval = null, int interval2 = 50, byte[]? configuration = null, char trapOn = '\0')
    {
        configuration ??= [];
        var truncated = configuration.Length > 8 ? configuration[..8] : configuration;
        return Wat.ToWasm($$"""
            (module
              (import "env" "wasm_register_resource" (func $register (param i32)))
              (import "env" "wasm_response_send" (func $respond (param i32 i32) (result i32)))
              (import "env" "wasm_sensor_open" (func $open (param i32 i32) (result i32)))
              (import "env" "wasm_sensor_config" (func $config (param i32 i32 i32 i32) (result i32)))
              (import "env" "wasm_sensor_config_with_attr_container" (func $config_attr (param i32 i32 i32) (result i32)))
              (import "env" "wasm_sensor_close" (func $close (param i32) (result i32)))
              (import "env" "wasm_get_sys_tick_ms" (func $tick (result i32)))
              (memory (export "memory") 1)
              (global $events (mut i32) (i32.const 0))
              (global $handle (mut i32) (i32.const -1))
              (global $result (mut i32) (i32.const 0))
              (global $total (mut i32) (i32.const 0))
              (data (i32.const 16) "/s\00")
              (data (i32.const 64) "{{Escape(Encoding.UTF8.GetBytes(name))}}\00")
              (data (i32.const 1024) "{{Escape(configuration)}}")
              (data (i32.const 2048) "{{Escape(truncated)}}")
              (data (i32.const 3072) "\de\ad\be\ef\00\01\02\03\ff\ff\ff\ff\13\37\13\37")
              {{Respond}}
              (func (export "on_init")
                (call $register (i32.const 16))
                (global.set $handle (call $open (i32.const 64) (i32.const {{instance}})))
                {{(interval is { } ms ? $"(global.set $result (call $config (global.get $handle) (i32.const {ms}) (i32.const 0) (i32.const 0)))" : "")}})
              (func (export "on_sensor_event") (param $id i32) (param $buf i32) (param $len i32)
                (global.set $events (i32.add (global.get $events) (i32.const 1)))
                (global.set $total (local.get $len))
                (call $keep (local.get $buf) (local.get $len))
                ;; the system tick of this reading, in the last 4 bytes of the data
                (i32.store (i32.const 540) (call $tick)))
              (func (export "on_request") (param $buf i32) (param $len i32)
                (local $c i32)
                (local.set $c (call $command (local.get $buf)))
                (if (i32.eq (local.get $c) (i32.const 111)) (then (global.set $result (call $open (i32.const 64) (i32.const {{instance}})))))       ;; o
                (if (i32.eq (local.get $c) (i32.const 120)) (then (global.set $result (call $close (global.get $handle)))))                       ;; x
                (if (i32.eq (local.get $c) (i32.const 122)) (then (global.set $result (call $config (global.get $handle) (i32.const 0) (i32.const 0) (i32.const 0)))))  ;; z
                (if (i32.eq (local.get $c) (i32.const 105)) (then (global.set $result (call $config (global.get $handle) (i32.const {{interval2}}) (i32.const 0) (i32.const 0)))))  ;; i
                (if (i32.eq (local.get $c) (i32.const 103)) (then (global.set $result (call $config_attr (global.get $handle) (i32.const 1024) (i32.const {{configuration.Length}})))))  ;; g
                (if (i32.eq (local.get $c) (i32.const 98)) (then (global.set $result (call $config_attr (global.get $handle) (i32.const 3072) (i32.const 16)))))  ;; b
                (if (i32.eq (local.get $c) (i32.const 104)) (then (global.set $result (call $config_attr (global.get $handle) (i32.const 2048) (i32.const {{truncated.Length}})))))  ;; h
                (if (i32.eq (local.get $c) (i32.const 112)) (then (global.set $result (call $config_attr (global.get $handle) (i32.const -16) (i32.const 100)))))  ;; p
                (if (i32.eq (local.get $c) (i32.const {{(int)trapOn}})) (then unreachable))
                (call $respond_state (local.get $buf))))
            """);
    }

    /// <summary>
    /// On <c>/c/CMD</c>: <c>o</c> open a <paramref name="kind"/> connection with <paramref name="args"/>
    /// (the handle is kept when it is valid), <c>s</c> send <paramref name="message"/>, <c>f</c>
    /// configure with <paramref name="configuration"/>, <c>x</c> close, <c>b</c> open with 16 garbage
    /// bytes, <c>k</c> open a connection of an unknown kind, <c>c</c> state only. State: data events,
    /// handle, last result, bytes received; the data at 288 is everything received so far (up to 256 bytes).
    /// </summary>
    public static byte[] Connection(string kind, byte[] args, string message = "hello", byte[]? configuration = null, int initialHandle = -1, char trapOn = '\0')
    {
        configuration ??= [];
        var text = Encoding.UTF8.GetBytes(message);
        return Wat.ToWasm($$"""
            (module
              (import "env" "wasm_register_resource" (func $register (param i32)))
              (import "env" "wasm_response_send" (func $respond (param i32 i32) (result i32)))
              (import "env" "wasm_open_connection" (func $open (param i32 i32 i32) (result i32)))
              (import "env" "wasm_close_connection" (func $close (param i32)))
              (import "env" "wasm_send_on_connection" (func $send (param i32 i32 i32) (result i32)))
              (import "env" "wasm_config_connection" (func $config (param i32 i32 i32) (result i32)))
              (memory (export "memory") 1)
              (global $events (mut i32) (i32.const 0))
              (global $handle (mut i32) (i32.const {{initialHandle}}))
              (global $result (mut i32) (i32.const 0))
              (global $total (mut i32) (i32.const 0))
              (global $disconnects (mut i32) (i32.const 0))
              (data (i32.const 16) "/c\00")
              (data (i32.const 64) "{{Escape(Encoding.UTF8.GetBytes(kind))}}\00")
              (data (i32.const 96) "SCTP\00")
              (data (i32.const 1024) "{{Escape(args)}}")
              (data (i32.const 2048) "{{Escape(configuration)}}")
              (data (i32.const 3072) "{{Escape(text)}}")
              (data (i32.const 3584) "\de\ad\be\ef\00\01\02\03\ff\ff\ff\ff\13\37\13\37")
              {{Respond}}
              (func (export "on_init")
                (call $register (i32.const 16)))
              (func (export "on_connection_data") (param $h i32) (param $buf i32) (param $len i32)
                (if (i32.eqz (local.get $len))
                  (then
                    (global.set $disconnects (i32.add (global.get $disconnects) (i32.const 1)))
                    ;; a disconnect shows as -2 in events' place once it came
                    (global.set $events (i32.const -2))
                    (return)))
                (global.set $events (i32.add (global.get $events) (i32.const 1)))
                ;; append to what was received, at 288 (at most 256 bytes kept)
                (if (i32.lt_u (i32.add (global.get $total) (local.get $len)) (i32.const 257))
                  (then (memory.copy (i32.add (i32.const 288) (global.get $total)) (local.get $buf) (local.get $len))))
                (global.set $total (i32.add (global.get $total) (local.get $len))))
              (func (export "on_request") (param $buf i32) (param $len i32)
                (local $c i32) (local $h i32)
                (local.set $c (call $command (local.get $buf)))
                (if (i32.eq (local.get $c) (i32.const 111))   ;; o
                  (then
                    (local.set $h (call $open (i32.const 64) (i32.const 1024) (i32.const {{args.Length}})))
                    (global.set $result (local.get $h))
                    (if (i32.ne (local.get $h) (i32.const -1)) (then (global.set $handle (local.get $h))))))
                (if (i32.eq (local.get $c) (i32.const 115)) (then (global.set $result (call $send (global.get $handle) (i32.const 3072) (i32.const {{text.Length}})))))  ;; s
                (if (i32.eq (local.get $c) (i32.const 102)) (then (global.set $result (call $config (global.get $handle) (i32.const 2048) (i32.const {{configuration.Length}})))))  ;; f
                (if (i32.eq (local.get $c) (i32.const 120)) (then (call $close (global.get $handle))))  ;; x
                (if (i32.eq (local.get $c) (i32.const 98)) (then (global.set $result (call $open (i32.const 64) (i32.const 3584) (i32.const 16)))))  ;; b
                (if (i32.eq (local.get $c) (i32.const 107)) (then (global.set $result (call $open (i32.const 96) (i32.const 1024) (i32.const {{args.Length}})))))  ;; k
                (if (i32.eq (local.get $c) (i32.const {{(int)trapOn}})) (then unreachable))
                (call $respond_state (local.get $buf))))
            """);
    }

    /// <summary>Sends <c>/PREFIX/CMD</c> to the applet and returns its state.</summary>
    public static async Task<State> Command(AppManager manager, string applet, string prefix, char command)
    {
        var response = await manager.SendRequestAsync(new Request(RequestMethod.Get, $"/app/{applet}/{prefix}/{command}"), TimeSpan.FromSeconds(20));
        Assert.Equal(ResponseStatus.Content, response.Status);
        var payload = response.Payload.Span;
        Assert.Equal(272, payload.Length);
        var data = payload[16..].ToArray();
        return new State(
            BinaryPrimitives.ReadInt32LittleEndian(payload),
            BinaryPrimitives.ReadInt32LittleEndian(payload[4..]),
            BinaryPrimitives.ReadInt32LittleEndian(payload[8..]),
            BinaryPrimitives.ReadInt32LittleEndian(payload[12..]),
            data);
    }

    /// <summary>Polls until <paramref name="done"/> holds (10 s at most, a safety net); returns the last state.</summary>
    public static async Task<State> WaitFor(AppManager manager, string applet, string prefix, Func<State, bool> done, int timeoutMs = 10_000)
    {
        var deadline = Environment.TickCount64 + timeoutMs;
        while (true)
        {
            var state = await Command(manager, applet, prefix, 'c');
            if (done(state) || Environment.TickCount64 > deadline)
            {
                return state;
            }
            await Task.Delay(20);
        }
    }

    private static string Escape(ReadOnlySpan<byte> bytes)
    {
        var text = new StringBuilder(bytes.Length * 3);
        foreach (var b in bytes)
        {
            text.Append('\\').Append(b.ToString("x2"));
        }
        return text.ToString();
    }

    /// <summary>An applet's state: events (or -2 after a disconnect), handle or sensor id, the last call's result, bytes (or the last reading's length), data.</summary>
    public sealed record State(int Events, int Handle, int Result, int Total, byte[] Data)
    {
        public uint LastTick => BinaryPrimitives.ReadUInt32LittleEndian(Data.AsSpan(Data.Length - 4));

        public string Text => Encoding.UTF8.GetString(Data, 0, Math.Min(Math.Max(Total, 0), Data.Length));
    }
}
