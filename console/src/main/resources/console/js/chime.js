// The sound of an arriving external warning: three short rising tones made with Web Audio (no file to fetch).
// Each one played is counted in document.body.dataset.chimes, so a test can tell it sounded.
let context = null;

export function chime() {
  document.body.dataset.chimes = String(Number(document.body.dataset.chimes || 0) + 1);
  try {
    context = context || new AudioContext();
    const start = context.currentTime;
    [660, 880, 1100].forEach((frequency, i) => {
      const osc = context.createOscillator();
      const gain = context.createGain();
      osc.frequency.value = frequency;
      gain.gain.setValueAtTime(0.0001, start + i * 0.25);
      gain.gain.exponentialRampToValueAtTime(0.3, start + i * 0.25 + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, start + i * 0.25 + 0.22);
      osc.connect(gain).connect(context.destination);
      osc.start(start + i * 0.25);
      osc.stop(start + i * 0.25 + 0.24);
    });
  } catch (e) {
    // no audio device or autoplay refused: the note on screen still says it
  }
}
