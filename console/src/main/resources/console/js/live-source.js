// The browser as a live source: the microphone's samples (MediaStreamTrackProcessor gives each buffer
// with its capture time), mixed to mono, muted while push-to-talk is released, encoded to Opus in
// 20 ms frames by WebCodecs' AudioEncoder and wrapped into Ogg pages (one page per frame) for the hub.
// It also measures what capture and encoding add: encoder output time minus the capture time of the
// frame's first sample.
import { OggOpusWriter, opusHead, opusTags } from './ogg.js';

const FRAME_US = 20_000;
const BITRATE = 32_000;

/** Whether this browser can be a live source (WebCodecs Opus and track processors). */
export async function liveSupported() {
  if (typeof AudioEncoder === 'undefined' || typeof MediaStreamTrackProcessor === 'undefined' || typeof AudioData === 'undefined') return false;
  try {
    const { supported } = await AudioEncoder.isConfigSupported({ codec: 'opus', sampleRate: 48000, numberOfChannels: 1, bitrate: BITRATE });
    return supported;
  } catch (e) {
    return false;
  }
}

/** The microphone, as raw as the browser gives it (speech processing would add delay and pumping). */
export function openMicrophone() {
  return navigator.mediaDevices.getUserMedia({ audio: { channelCount: 1, echoCancellation: false, noiseSuppression: false, autoGainControl: true } });
}

/**
 * Starts encoding the stream's first audio track. onPage(Uint8Array) gets every Ogg page in order
 * (OpusHead, OpusTags, audio…). Returns {setOn(bool), stats(), stop()}: stop() flushes the encoder,
 * sends the last page with end-of-stream and resolves when done.
 */
export function startSource(stream, onPage, onError = () => {}) {
  const track = stream.getAudioTracks()[0];
  const reader = new MediaStreamTrackProcessor({ track }).readable.getReader();
  const writer = new OggOpusWriter();
  const latencies = []; // ms, capture of a frame's first sample → its encoded packet, last 500 frames
  const arrivals = []; // ms, capture time of a buffer → it reaches this script, last 500 buffers
  let on = false;
  let encoder = null;
  let headersSent = false;
  let stopping = false;
  let held = null; // while stopping, each page waits for the next so the last can carry end-of-stream
  let clockOffsetUs = 0; // added to AudioData timestamps to put them on performance.now()'s clock
  let firstCaptureUs = null;
  let sentBytes = 0;
  let sentPages = 0;
  let samples48k = 0;

  const send = (page) => { sentBytes += page.length; sentPages++; onPage(page); };

  function output(chunk, metadata) {
    const nowUs = performance.now() * 1000;
    latencies.push((nowUs - (chunk.timestamp + clockOffsetUs)) / 1000);
    if (latencies.length > 500) latencies.shift();
    if (!headersSent) {
      const description = metadata?.decoderConfig?.description;
      const bytes = description ? new Uint8Array(description instanceof ArrayBuffer ? description : description.buffer) : null;
      const head = bytes && new TextDecoder().decode(bytes.subarray(0, 8)) === 'OpusHead' ? bytes.slice(0, 19) : opusHead({ channels: 1 });
      // the wall-clock time of the stream's first sample, so the hub can tell capture → played lag
      const captureStart = new Date(performance.timeOrigin + (chunk.timestamp + clockOffsetUs) / 1000).toISOString();
      writer.headers(head, opusTags('dalaba-console WebCodecs', [`DALABA_CAPTURE_START=${captureStart}`])).forEach(send);
      headersSent = true;
    }
    const packet = new Uint8Array(chunk.byteLength);
    chunk.copyTo(packet);
    const frames = Math.round(((chunk.duration || FRAME_US) * 48) / 1000);
    samples48k += frames;
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

  const pump = (async () => {
    for (;;) {
      const { value, done } = await reader.read();
      if (done || stopping) { value?.close(); break; }
      if (!encoder) {
        const nowUs = performance.now() * 1000;
        // Chromium stamps buffers on performance.now()'s clock; should another browser not, count from now
        clockOffsetUs = Math.abs(nowUs - value.timestamp) > 5_000_000 ? nowUs - value.timestamp : 0;
        firstCaptureUs = value.timestamp + clockOffsetUs;
        encoder = new AudioEncoder({ output, error: (e) => onError(e) });
        encoder.configure({ codec: 'opus', sampleRate: value.sampleRate, numberOfChannels: 1, bitrate: BITRATE,
          opus: { frameDuration: FRAME_US, application: 'voip', format: 'opus' } });
      }
      arrivals.push((performance.now() * 1000 - (value.timestamp + clockOffsetUs)) / 1000);
      if (arrivals.length > 500) arrivals.shift();
      const data = mono(value);
      value.close();
      encoder.encode(data);
      data.close();
    }
  })().catch(onError);

  return {
    setOn(value) { on = !!value; },
    isOn() { return on; },
    /**
     * {p50Ms, p95Ms, maxMs, frames} of capture → encoded packet, {arrivalP50Ms, arrivalP95Ms} of capture →
     * samples in this script, bytes and pages sent, seconds streamed.
     */
    stats() {
      const quantile = (list) => {
        const sorted = [...list].sort((a, b) => a - b);
        return (p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] : null);
      };
      const q = quantile(latencies);
      const arrival = quantile(arrivals);
      return { p50Ms: q(0.5), p95Ms: q(0.95), maxMs: q(1), frames: latencies.length,
        arrivalP50Ms: arrival(0.5), arrivalP95Ms: arrival(0.95),
        bytes: sentBytes, pages: sentPages, seconds: samples48k / 48000, startedAt: firstCaptureUs };
    },
    async stop() {
      stopping = true;
      await reader.cancel().catch(() => {});
      await pump;
      track.stop();
      if (encoder && encoder.state === 'configured') {
        await encoder.flush().catch(() => {});
        encoder.close();
      }
      if (held) send(writer.audio(held.packet, held.frames, true));
      held = null;
    },
  };
}
