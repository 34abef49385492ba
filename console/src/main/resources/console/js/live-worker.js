// The live source's worker: it reads the microphone's buffers (a MediaStreamTrackProcessor's stream handed
// over by the page), mixes them to mono, mutes them while push-to-talk is released, encodes Opus in 20 ms
// frames with WebCodecs' AudioEncoder, wraps each frame in an Ogg page and sends it on the session's source
// WebSocket. Off the page's thread, so a busy page (redraws, a slow machine) neither delays nor drops audio.
//
// Messages in: {type:'start', readable, url, clock: {perfMs, wallMs}}, {type:'on', on}, {type:'stop'}.
// Messages out: {type:'open'}, {type:'stats', stats}, {type:'closed', code, reason}, {type:'error', message},
// {type:'stopped'}.
import { OggOpusWriter, opusHead, opusTags } from './ogg.js';

const FRAME_US = 20_000;
const BITRATE = 32_000;
const KEEP = 500; // latency samples kept: the last 10 s of frames

let on = false;
let stopping = false;
let ws = null;
let reader = null;
let encoder = null;
// AudioData timestamps: Chromium stamps the first buffers on the page's performance.now() clock and, once the
// stream runs in this worker, on this worker's clock; the two clocks' origins (performance.timeOrigin) do not
// line up to better than 100s of ms. Both contexts share Date.now(): the page sends one pairing of its clock
// with it, this worker keeps one of its own, and a timestamp is read on whichever clock makes it recent.
let pageClock = { perfMs: 0, wallMs: 0 };
let ownClock = { perfMs: 0, wallMs: 0 };
const writer = new OggOpusWriter();
let headersSent = false;
let held = null; // while stopping, each page waits for the next so that the last can carry end-of-stream
const inputs = []; // {start, rate, us}: where each buffer's first sample lies in the input, and when it was captured
let inputSamples = 0;
let outputSamples = 0; // 48 kHz samples encoded so far
let expectedUs = null; // when the next buffer's first sample is due if none was dropped
let droppedMs = 0;
const encodeUs = []; // capture of a frame's first sample → its packet out of the encoder
const arrivalUs = []; // capture of a buffer → it reaches this worker
let bytes = 0;
let pages = 0;
let startedAtMs = null;

const nowUs = () => performance.now() * 1000;
/** A buffer's capture time on this worker's clock (µs). */
function capturedUs(timestamp) {
  const fromPage = (pageClock.wallMs - pageClock.perfMs - ownClock.wallMs + ownClock.perfMs) * 1000 + timestamp;
  const now = nowUs();
  return Math.abs(now - timestamp) <= Math.abs(now - fromPage) ? timestamp : fromPage;
}
const keep = (list, value) => { list.push(value); if (list.length > KEEP) list.shift(); };

function send(page) {
  bytes += page.length;
  pages++;
  if (ws && ws.readyState === WebSocket.OPEN) ws.send(page);
}

/** When the input sample at index was captured (µs, this worker's clock): from the buffer that held it. */
function sampleCapturedUs(index) {
  while (inputs.length > 1 && inputs[1].start <= index) inputs.shift();
  const buffer = inputs[0];
  return buffer ? buffer.us + ((index - buffer.start) / buffer.rate) * 1e6 : null;
}

function output(chunk, metadata) {
  const rate = inputs[0]?.rate || 48000;
  const firstSample = Math.round((outputSamples * rate) / 48000);
  const firstCaptured = sampleCapturedUs(firstSample);
  if (firstCaptured !== null) keep(encodeUs, nowUs() - firstCaptured);
  if (!headersSent) {
    const description = metadata?.decoderConfig?.description;
    const desc = description ? new Uint8Array(description instanceof ArrayBuffer ? description : description.buffer) : null;
    const head = desc && new TextDecoder().decode(desc.subarray(0, 8)) === 'OpusHead' ? desc.slice(0, 19) : opusHead({ channels: 1 });
    // the wall-clock time of the stream's first sample, so the hub could tell capture → played
    writer.headers(head, opusTags('dalaba-console WebCodecs', [`DALABA_CAPTURE_START=${new Date(startedAtMs).toISOString()}`])).forEach(send);
    headersSent = true;
  }
  const packet = new Uint8Array(chunk.byteLength);
  chunk.copyTo(packet);
  const frames = Math.round(((chunk.duration || FRAME_US) * 48) / 1000);
  outputSamples += frames;
  if (!stopping) { send(writer.audio(packet, frames)); return; }
  if (held) send(writer.audio(held.packet, held.frames));
  held = { packet, frames };
}

function mono(data) {
  const frames = data.numberOfFrames;
  const mixed = new Float32Array(frames);
  if (on) {
    const plane = new Float32Array(frames);
    for (let c = 0; c < data.numberOfChannels; c++) {
      data.copyTo(plane, { planeIndex: c, format: 'f32-planar' });
      for (let i = 0; i < frames; i++) mixed[i] += plane[i] / data.numberOfChannels;
    }
  } // released push-to-talk: silence keeps the stream's clock running and the recording true to time
  return new AudioData({ format: 'f32-planar', sampleRate: data.sampleRate, numberOfFrames: frames, numberOfChannels: 1,
    timestamp: data.timestamp, data: mixed });
}

async function pump() {
  for (;;) {
    const { value, done } = await reader.read();
    if (done || stopping) { value?.close(); return; }
    const us = capturedUs(value.timestamp);
    const arrived = nowUs() - us;
    if (!encoder && arrived > 60_000) {
      value.close(); // queued while the socket opened: start at the live edge
      continue;
    }
    if (!encoder) {
      startedAtMs = Date.now(); // the first sample's capture, on the browser's wall clock (to a few ms)
      encoder = new AudioEncoder({ output, error: (e) => postMessage({ type: 'error', message: String(e) }) });
      encoder.configure({ codec: 'opus', sampleRate: value.sampleRate, numberOfChannels: 1, bitrate: BITRATE,
        opus: { frameDuration: FRAME_US, application: 'voip', format: 'opus' } });
    }
    const durationUs = (value.numberOfFrames / value.sampleRate) * 1e6;
    if (expectedUs !== null && us - expectedUs > durationUs / 2) droppedMs += (us - expectedUs) / 1000;
    expectedUs = us + durationUs;
    keep(arrivalUs, arrived);
    inputs.push({ start: inputSamples, rate: value.sampleRate, us });
    inputSamples += value.numberOfFrames;
    const data = mono(value);
    value.close();
    encoder.encode(data);
    data.close();
  }
}

/** The p-quantile of delays (µs), in ms. */
function quantile(list, p) {
  if (!list.length) return null;
  const sorted = [...list].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] / 1000;
}

function stats() {
  return { p50Ms: quantile(encodeUs, 0.5), p95Ms: quantile(encodeUs, 0.95), maxMs: quantile(encodeUs, 1), frames: encodeUs.length,
    arrivalP50Ms: quantile(arrivalUs, 0.5), arrivalP95Ms: quantile(arrivalUs, 0.95), droppedMs,
    bytes, pages, seconds: outputSamples / 48000, startedAt: startedAtMs };
}

async function stop() {
  if (stopping) return;
  stopping = true;
  await reader?.cancel().catch(() => {});
  if (encoder && encoder.state === 'configured') {
    await encoder.flush().catch(() => {});
    encoder.close();
  }
  if (held) send(writer.audio(held.packet, held.frames, true));
  held = null;
  postMessage({ type: 'stats', stats: stats() });
  if (ws && ws.readyState === WebSocket.OPEN) ws.close(1000, 'source ended');
  postMessage({ type: 'stopped' });
}

onmessage = (e) => {
  const message = e.data;
  if (message.type === 'on') on = !!message.on;
  else if (message.type === 'stop') stop();
  else if (message.type === 'start') {
    pageClock = message.clock;
    ownClock = { perfMs: performance.now(), wallMs: Date.now() };
    reader = message.readable.getReader();
    ws = new WebSocket(message.url);
    ws.binaryType = 'arraybuffer';
    ws.addEventListener('open', () => {
      postMessage({ type: 'open' });
      pump().catch((error) => postMessage({ type: 'error', message: String(error) }));
      setInterval(() => postMessage({ type: 'stats', stats: stats() }), 250);
    }, { once: true });
    ws.addEventListener('close', (event) => postMessage({ type: 'closed', code: event.code, reason: event.reason }));
  }
};
