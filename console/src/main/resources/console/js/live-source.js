// The browser as a live source. The page hands the microphone's track (through a MediaStreamTrackProcessor)
// and the source socket's URL to a worker (live-worker.js) that encodes Opus with WebCodecs, wraps it in
// Ogg pages and sends them, so the page's own work never delays or drops audio.

const BITRATE = 32_000;

/** Whether this browser can be a live source (WebCodecs Opus, track processors, module workers). */
export async function liveSupported() {
  if (typeof AudioEncoder === 'undefined' || typeof MediaStreamTrackProcessor === 'undefined' || typeof Worker === 'undefined') return false;
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
 * Starts the worker on the stream's first audio track and the socket URL. Resolves once the socket is open
 * with {setOn(bool), stats(), stop()}; stop() sends the last page with end-of-stream, closes the socket and
 * resolves when done. onClosed(code, reason) when the hub closes the socket; onError(message).
 */
export function startSource(stream, url, { onClosed = () => {}, onError = () => {} } = {}) {
  const track = stream.getAudioTracks()[0];
  // room for half a second of 10 ms buffers: a stalled worker catches up rather than losing audio
  const processor = new MediaStreamTrackProcessor({ track, maxBufferSize: 50 });
  const worker = new Worker(new URL('./live-worker.js', import.meta.url), { type: 'module' });
  let latest = { p50Ms: null, p95Ms: null, seconds: 0, bytes: 0, pages: 0, droppedMs: 0 };
  let stopped = null;
  let stopping = false;
  return new Promise((resolve, reject) => {
    let opened = false;
    const source = {
      setOn(on) { worker.postMessage({ type: 'on', on: !!on }); },
      stats() { return latest; },
      stop() {
        if (!stopping) {
          stopping = true;
          stopped = new Promise((done) => {
            const timer = setTimeout(done, 3000); // a wedged encoder must not keep the session open
            worker.addEventListener('message', (e) => { if (e.data.type === 'stopped') { clearTimeout(timer); done(); } });
          }).then(() => { worker.terminate(); track.stop(); });
          worker.postMessage({ type: 'stop' });
        }
        return stopped;
      },
    };
    worker.addEventListener('message', (e) => {
      const m = e.data;
      if (m.type === 'stats') latest = m.stats;
      else if (m.type === 'open') { opened = true; resolve(source); }
      else if (m.type === 'closed') {
        if (!opened) { worker.terminate(); reject(new Error(`socket closed ${m.code}`)); } else if (!stopping) onClosed(m.code, m.reason);
      } else if (m.type === 'error') {
        if (!opened) { worker.terminate(); reject(new Error(m.message)); } else onError(m.message);
      }
    });
    worker.addEventListener('error', (e) => { if (!opened) reject(new Error(e.message)); else onError(e.message); });
    // the page's clock against the wall clock both share: AudioData timestamps are on the page's clock
    worker.postMessage({ type: 'start', readable: processor.readable, url, clock: { perfMs: performance.now(), wallMs: Date.now() } },
      [processor.readable]);
  });
}
