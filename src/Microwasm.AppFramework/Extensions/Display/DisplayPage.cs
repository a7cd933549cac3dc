using System.Net;

namespace Microwasm.AppFramework.Extensions.Display;

/// <summary>
/// The display's web page: a device with a bezel around a canvas scaled by a whole number with
/// crisp pixels, a status line, and a script that draws the server's rectangles, acknowledges
/// each one, sends the pointer (mouse, pen or touch) back, and reconnects when the server goes away.
/// </summary>
internal static class DisplayPage
{
    public static string Render(string title, int width, int height) =>
        Template
            .Replace("%TITLE%", WebUtility.HtmlEncode(title), StringComparison.Ordinal)
            .Replace("%WIDTH%", width.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("%HEIGHT%", height.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);

    private const string Template = """
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>%TITLE% · display</title>
<style>
  :root { color-scheme: dark; }
  html, body { margin: 0; height: 100%; }
  body {
    display: flex; flex-direction: column; align-items: center; justify-content: center; gap: 18px;
    background: radial-gradient(circle at 50% 35%, #2b3038 0%, #15171b 70%);
    font: 13px/1.4 system-ui, -apple-system, "Segoe UI", sans-serif; color: #9aa3ad;
  }
  .device {
    padding: 26px 26px 18px; border-radius: 26px;
    background: linear-gradient(160deg, #3a3f47 0%, #24272d 45%, #1b1d22 100%);
    box-shadow: 0 24px 60px rgba(0,0,0,.55), inset 0 1px 0 rgba(255,255,255,.08), inset 0 -2px 0 rgba(0,0,0,.4);
  }
  .glass {
    padding: 6px; border-radius: 6px; background: #050607;
    box-shadow: inset 0 0 0 1px rgba(255,255,255,.05), inset 0 2px 8px rgba(0,0,0,.9);
  }
  canvas {
    display: block; image-rendering: pixelated; image-rendering: crisp-edges;
    touch-action: none; cursor: pointer; background: #000; border-radius: 2px;
  }
  .chin { display: flex; align-items: center; justify-content: space-between; margin-top: 14px; padding: 0 4px; }
  .brand { font-size: 11px; letter-spacing: .28em; text-transform: uppercase; color: #737b85; }
  .led { width: 8px; height: 8px; border-radius: 50%; background: #5b616a; box-shadow: 0 0 0 1px rgba(0,0,0,.5); transition: background .2s, box-shadow .2s; }
  .led.live { background: #3ddc84; box-shadow: 0 0 8px #3ddc84; }
  .led.connecting { background: #f0b429; box-shadow: 0 0 8px #f0b429; }
  .led.offline { background: #e5484d; box-shadow: 0 0 8px #e5484d; }
  .status { font-variant-numeric: tabular-nums; min-height: 1.4em; }
  .status b { color: #d7dde4; font-weight: 600; }
</style>
</head>
<body>
<div class="device">
  <div class="glass"><canvas id="screen" width="%WIDTH%" height="%HEIGHT%" aria-label="%TITLE% display"></canvas></div>
  <div class="chin"><span class="brand">%TITLE%</span><span id="led" class="led"></span></div>
</div>
<div class="status" id="status">connecting…</div>
<script>
"use strict";
(() => {
  let W = %WIDTH%, H = %HEIGHT%;
  const canvas = document.getElementById("screen");
  const ctx = canvas.getContext("2d");
  const led = document.getElementById("led");
  const statusLine = document.getElementById("status");
  const token = new URLSearchParams(location.search).get("token");
  const state = { state: "connecting", frames: 0, fps: 0, lastFrameMs: 0 };
  window.microwasmDisplay = state;
  let ws = null, retry = 0, pressed = false, pendingMove = null, framesAtTick = 0;

  function fit() {
    const scale = Math.max(1, Math.floor(Math.min((innerWidth - 100) / W, (innerHeight - 170) / H)));
    canvas.style.width = (W * scale) + "px";
    canvas.style.height = (H * scale) + "px";
  }
  function show(s) {
    state.state = s;
    document.body.dataset.state = s;
    led.className = "led " + s;
    render();
  }
  function render() {
    const text = { live: "live", connecting: "connecting…", offline: "disconnected, retrying…" }[state.state];
    statusLine.innerHTML = "<b>" + text + "</b> · " + W + "×" + H + (state.state === "live" ? " · " + state.fps + " updates/s" : "");
  }
  function connect() {
    show("connecting");
    const url = (location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/ws" + (token ? "?token=" + encodeURIComponent(token) : "");
    ws = new WebSocket(url);
    ws.binaryType = "arraybuffer";
    ws.onopen = () => { retry = 0; show("live"); };
    ws.onmessage = (e) => {
      if (typeof e.data === "string") {
        const m = JSON.parse(e.data);
        if (m.type === "hello" && (m.width !== W || m.height !== H)) {
          W = canvas.width = m.width; H = canvas.height = m.height; fit(); render();
        }
        return;
      }
      const v = new DataView(e.data);
      const seq = v.getUint32(0, true), x = v.getUint16(4, true), y = v.getUint16(6, true);
      const w = v.getUint16(8, true), h = v.getUint16(10, true);
      ctx.putImageData(new ImageData(new Uint8ClampedArray(e.data, 12, w * h * 4), w, h), x, y);
      state.frames++;
      state.lastFrameMs = performance.now();
      document.body.dataset.frames = state.frames;
      ws.send("ack " + seq);
    };
    ws.onclose = () => {
      pressed = false;
      show("offline");
      setTimeout(connect, Math.min(3000, 250 * 2 ** retry++));
    };
  }
  function point(e) {
    const r = canvas.getBoundingClientRect();
    return Math.floor((e.clientX - r.left) * W / r.width) + " " + Math.floor((e.clientY - r.top) * H / r.height);
  }
  function send(text) { if (ws && ws.readyState === WebSocket.OPEN) ws.send(text); }
  canvas.addEventListener("pointerdown", (e) => {
    if (e.button !== 0) return;
    canvas.setPointerCapture(e.pointerId);
    pressed = true;
    send("down " + point(e));
    e.preventDefault();
  });
  canvas.addEventListener("pointermove", (e) => {
    if (!pressed) return;
    if (pendingMove === null) requestAnimationFrame(() => { send("move " + pendingMove); pendingMove = null; });
    pendingMove = point(e);
  });
  const up = (e) => { if (!pressed) return; pressed = false; send("up " + point(e)); };
  canvas.addEventListener("pointerup", up);
  canvas.addEventListener("pointercancel", up);
  canvas.addEventListener("contextmenu", (e) => e.preventDefault());
  setInterval(() => { state.fps = state.frames - framesAtTick; framesAtTick = state.frames; render(); }, 1000);
  addEventListener("resize", fit);
  ctx.fillStyle = "#000"; ctx.fillRect(0, 0, W, H);
  fit();
  connect();
})();
</script>
</body>
</html>
""";
}
