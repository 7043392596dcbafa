/**
 * A short tone the instant a badge is read, where the browser lets a page make sound (most allow
 * it once someone has touched the page; a kiosk that was never touched stays silent, and the
 * flash and the name still show).
 */
export class ReadBeep {
  #audio: AudioContext | null = null;

  play(): void {
    try {
      this.#audio ??= new AudioContext();
      const audio = this.#audio;
      if (audio.state === 'suspended') void audio.resume().catch(() => {});
      const tone = audio.createOscillator();
      const gain = audio.createGain();
      tone.frequency.value = 880;
      gain.gain.setValueAtTime(0.15, audio.currentTime);
      gain.gain.exponentialRampToValueAtTime(0.001, audio.currentTime + 0.15);
      tone.connect(gain).connect(audio.destination);
      tone.start();
      tone.stop(audio.currentTime + 0.15);
    } catch {
      // No audio on this device: the flash and the name are the feedback.
    }
  }
}
