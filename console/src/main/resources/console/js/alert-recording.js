// A recording to attach to an alert instead of the voiced text: chosen from a file or recorded with the
// microphone (MediaRecorder), converted in the browser to 16-bit mono WAV (what the hub accepts for
// alerts), listened to before sending, and uploaded to the media library when the alert is confirmed.
import { api } from './api.js';
import { h, clear } from './dom.js';
import { t } from './i18n.js';

const RATE = 22050;
const MAX_SECONDS = 300; // alert.maxRecordingSeconds' default; the hub checks the real limit

export function recordingPicker() {
  const file = h('input', { id: 'alert-recording-file', type: 'file', accept: 'audio/*,.wav,.mp3,.ogg' });
  const record = h('button', { type: 'button', id: 'alert-record' }, t('send.record'));
  const remove = h('button', { type: 'button', id: 'alert-recording-remove', hidden: true }, t('send.recordingRemove'));
  const status = h('small', { id: 'alert-recording-status', 'aria-live': 'polite' }, t('send.recordingNone'));
  const player = h('div', { class: 'recording-player' });
  const element = h('fieldset', { class: 'recording', 'data-field': 'media' }, h('legend', {}, t('send.recording')),
    h('p', { class: 'hint' }, t('send.recordingHint')), file, ' ', record, ' ', remove, ' ', status, player);
  let wav = null;
  let uploaded = null;
  let recorder = null;

  function show(blob, seconds) {
    wav = blob;
    uploaded = null;
    const old = player.querySelector('audio');
    if (old) URL.revokeObjectURL(old.src);
    clear(player).append(h('audio', { controls: true, id: 'alert-recording-audio', src: URL.createObjectURL(blob) }));
    status.textContent = t('send.recordingReady', { seconds: seconds.toFixed(1) });
    remove.hidden = false;
  }

  async function accept(blob) {
    status.textContent = t('send.recordingConverting');
    try {
      const { wav: converted, seconds } = await toWav(blob);
      if (seconds > MAX_SECONDS) {
        status.textContent = t('send.recordingTooLong', { max: MAX_SECONDS });
        return;
      }
      show(converted, seconds);
    } catch (e) {
      status.textContent = t('send.recordingUnreadable');
    }
  }

  file.addEventListener('change', () => { if (file.files[0]) accept(file.files[0]); });
  record.addEventListener('click', async () => {
    if (recorder) { recorder.stop(); return; }
    let stream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    } catch (e) {
      status.textContent = t('send.recordingNoMicrophone');
      return;
    }
    const chunks = [];
    recorder = new MediaRecorder(stream);
    recorder.addEventListener('dataavailable', (e) => chunks.push(e.data));
    recorder.addEventListener('stop', () => {
      stream.getTracks().forEach((track) => track.stop());
      recorder = null;
      record.textContent = t('send.record');
      accept(new Blob(chunks, { type: chunks[0]?.type || 'audio/webm' }));
    });
    recorder.start();
    record.textContent = t('send.recordStop');
    status.textContent = t('send.recordingOn');
  });
  remove.addEventListener('click', () => {
    wav = null;
    uploaded = null;
    file.value = '';
    clear(player);
    remove.hidden = true;
    status.textContent = t('send.recordingNone');
  });

  return {
    element,
    /** The sha256 of the uploaded recording (uploading it once), or null when there is none. */
    async sha256() {
      if (!wav) return null;
      if (!uploaded) {
        const item = await api.upload(`/media?name=${encodeURIComponent(t('send.recordingName'))}`, wav, 'audio/wav');
        uploaded = item.sha256;
      }
      return uploaded;
    },
  };
}

/** Decodes any audio the browser can play and renders it as 16-bit mono PCM WAV at 22,050 Hz. */
async function toWav(blob) {
  const bytes = await blob.arrayBuffer();
  const decoder = new AudioContext();
  let decoded;
  try {
    decoded = await decoder.decodeAudioData(bytes);
  } finally {
    decoder.close();
  }
  const frames = Math.max(1, Math.ceil(decoded.duration * RATE));
  const offline = new OfflineAudioContext(1, frames, RATE);
  const source = offline.createBufferSource();
  source.buffer = decoded;
  source.connect(offline.destination);
  source.start();
  const mono = (await offline.startRendering()).getChannelData(0);
  const out = new DataView(new ArrayBuffer(44 + mono.length * 2));
  const ascii = (at, s) => [...s].forEach((c, i) => out.setUint8(at + i, c.charCodeAt(0)));
  ascii(0, 'RIFF'); out.setUint32(4, 36 + mono.length * 2, true); ascii(8, 'WAVE');
  ascii(12, 'fmt '); out.setUint32(16, 16, true); out.setUint16(20, 1, true); out.setUint16(22, 1, true);
  out.setUint32(24, RATE, true); out.setUint32(28, RATE * 2, true); out.setUint16(32, 2, true); out.setUint16(34, 16, true);
  ascii(36, 'data'); out.setUint32(40, mono.length * 2, true);
  mono.forEach((v, i) => out.setInt16(44 + i * 2, Math.max(-1, Math.min(1, v)) * 0x7fff, true));
  return { wav: new Blob([out.buffer], { type: 'audio/wav' }), seconds: mono.length / RATE };
}
