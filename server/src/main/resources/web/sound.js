// The group heard locally with Web Audio: each member's instrument as the server's mix plays it,
// from samples cut from the server's SoundFont (samples.js), with a small synthesized voice per
// instrument until those have arrived (or where the server has no sound); a click on the beats,
// a chime where a structure change takes effect. Everything is scheduled at a server time,
// turned into the audio clock's time through the page's clock sync.

import { SampleBank } from './samples.js';

/** The instrument name whose kit the drum pad and others' hits play. */
const DRUMS = 'drums';

const VOICES = {
  marimba: { wave: 'sine', attack: 0.002, decay: 0.45, harmonic: 4, level: 0.5 },
  piano: { wave: 'triangle', attack: 0.003, decay: 1.2, harmonic: 2, level: 0.35 },
  bells: { wave: 'sine', attack: 0.001, decay: 1.8, harmonic: 2.76, level: 0.3 },
  strings: { wave: 'sawtooth', attack: 0.08, decay: 1.0, harmonic: 0, level: 0.12, filter: 1800 },
  flute: { wave: 'sine', attack: 0.05, decay: 0.8, harmonic: 0, level: 0.35 },
  guitar: { wave: 'square', attack: 0.002, decay: 0.7, harmonic: 0, level: 0.1, filter: 2200 },
};

export const INSTRUMENTS = Object.keys(VOICES);

/** A gesture's velocity 0..1 as MIDI's 1..127, as the server's mixer maps it. */
export function midiVelocity(velocity) {
  return Math.max(1, Math.min(127, Math.round(velocity * 127)));
}

export function voiceOf(instrument) {
  const name = (instrument || '').toLowerCase();
  return VOICES[name] || VOICES.marimba;
}

export class GroupSound {
  constructor(clock) {
    this.clock = clock;
    this.context = null;
    this.master = null;
    this.volume = 0.8;
    this.samples = new SampleBank();
    // False while the page plays the server's stream instead (stream-player.js): then nothing is
    // rendered here, so that no note is heard twice.
    this.local = true;
    // Per member, the notes sounding in each exclusive class (samples.js), for the choke.
    this.chokes = new Map();
    // Per member, a gain into the master: the spotlight ducks the others here, as in the mix.
    this.members = new Map();
    this.memberGains = new Map();
  }

  /** Where member `who`'s notes go: its own gain into the master. */
  destinationOf(who) {
    if (!this.members.has(who)) {
      const gain = this.context.createGain();
      gain.gain.value = this.memberGains.has(who) ? this.memberGains.get(who) : 1;
      gain.connect(this.master);
      this.members.set(who, gain);
    }
    return this.members.get(who);
  }

  /** Sets member `who`'s level, linear (the spotlight's ducking). */
  setMemberGain(who, linear) {
    this.memberGains.set(who, linear);
    const node = this.members.get(who);
    if (node) node.gain.setTargetAtTime(linear, this.context.currentTime, 0.01);
  }

  chokesOf(who) {
    if (!this.chokes.has(who)) this.chokes.set(who, new Map());
    return this.chokes.get(who);
  }

  /** Fetches the server's samples for an instrument name, so that its notes sound as in the mix. */
  prepare(instrument) {
    if (!this.context) return Promise.resolve(null);
    return this.samples.load(this.context, instrument).catch(() => null);
  }

  /** Starts the audio context (needs a user gesture where autoplay is blocked). */
  start() {
    if (this.context) {
      this.context.resume();
      return;
    }
    const Context = window.AudioContext || window.webkitAudioContext;
    if (!Context) return;
    this.context = new Context({ latencyHint: 'interactive' });
    this.master = this.context.createGain();
    this.master.gain.value = this.volume;
    this.master.connect(this.context.destination);
    this.noise = this.makeNoise();
    this.prepare(DRUMS);
  }

  get running() {
    return this.context !== null && this.context.state === 'running';
  }

  /** The audio clock's time at which the server clock reads serverMicros. */
  audioTimeAt(serverMicros) {
    const localMs = this.clock.localMillisAt(serverMicros);
    const stamp = this.context.getOutputTimestamp ? this.context.getOutputTimestamp() : null;
    if (stamp && stamp.performanceTime > 0) {
      return stamp.contextTime + (localMs - stamp.performanceTime) / 1000;
    }
    return this.context.currentTime + (localMs - performance.now()) / 1000;
  }

  /** When to start something due at serverMicros: then, or at once if that has passed. */
  startAt(serverMicros) {
    return Math.max(this.context.currentTime + 0.005, this.audioTimeAt(serverMicros));
  }

  /**
   * Sounds a note at serverMicros; returns its voice for release(), or null where the voice
   * ends by itself (a synthesized one).
   */
  note(pitch, velocity, instrument, serverMicros, who = '') {
    if (!this.context || !this.local) return null;
    const t = this.startAt(serverMicros);
    const sampled = this.samples.get(instrument);
    if (sampled) {
      return sampled.play(this.destinationOf(who), pitch, midiVelocity(velocity), t,
        this.chokesOf(who));
    }
    const v = voiceOf(instrument);
    const frequency = 440 * Math.pow(2, (pitch - 69) / 12);
    const gain = this.context.createGain();
    const peak = v.level * Math.max(0.05, velocity);
    gain.gain.setValueAtTime(0, t);
    gain.gain.linearRampToValueAtTime(peak, t + v.attack);
    gain.gain.exponentialRampToValueAtTime(0.0001, t + v.attack + v.decay);
    let out = gain;
    if (v.filter) {
      const filter = this.context.createBiquadFilter();
      filter.frequency.value = v.filter;
      gain.connect(filter);
      out = filter;
    }
    out.connect(this.master);
    const oscillators = [this.oscillator(v.wave, frequency, t, v.attack + v.decay, gain)];
    if (v.harmonic) {
      const overtone = this.context.createGain();
      overtone.gain.value = 0.15;
      overtone.connect(gain);
      oscillators.push(this.oscillator('sine', frequency * v.harmonic, t, v.decay / 3, overtone));
    }
    return null;
  }

  /** Lets a note's key go at serverMicros. */
  release(voice, serverMicros) {
    if (voice && this.context) voice.release(this.startAt(serverMicros));
  }

  oscillator(wave, frequency, t, length, into) {
    const o = this.context.createOscillator();
    o.type = wave;
    o.frequency.value = frequency;
    o.connect(into);
    o.start(t);
    o.stop(t + length + 0.05);
    return o;
  }

  /**
   * A drum hit by member `who`: the kit's sample (a closed hi-hat chokes that member's open one),
   * or, before the samples have come, General MIDI 35/36 as a kick and others as a noise burst.
   */
  hit(instrument, velocity, serverMicros, who = '') {
    if (!this.context || !this.local) return;
    const t = this.startAt(serverMicros);
    const kit = this.samples.get(DRUMS);
    if (kit) {
      // Tablets send no key-up for a hit: it rings as the kit's sample does, 3 s at most.
      const voice = kit.play(this.destinationOf(who), instrument, midiVelocity(velocity), t,
        this.chokesOf(who));
      if (voice) voice.release(t + 3);
      return;
    }
    const gain = this.context.createGain();
    gain.gain.setValueAtTime(0.6 * Math.max(0.05, velocity), t);
    gain.gain.exponentialRampToValueAtTime(0.0001, t + 0.25);
    gain.connect(this.master);
    if (instrument === 35 || instrument === 36) {
      const o = this.oscillator('sine', 110, t, 0.25, gain);
      o.frequency.setValueAtTime(120, t);
      o.frequency.exponentialRampToValueAtTime(45, t + 0.2);
      return;
    }
    const source = this.context.createBufferSource();
    source.buffer = this.noise;
    const filter = this.context.createBiquadFilter();
    filter.type = 'bandpass';
    filter.frequency.value = instrument === 42 ? 8000 : 1800;
    source.connect(filter);
    filter.connect(gain);
    source.start(t);
    source.stop(t + 0.25);
  }

  /** The beat's click: higher on the bar's first beat. */
  click(downbeat, serverMicros, level) {
    if (!this.context || !this.local) return;
    const t = this.startAt(serverMicros);
    const gain = this.context.createGain();
    gain.gain.setValueAtTime(0.08 * level, t);
    gain.gain.exponentialRampToValueAtTime(0.0001, t + 0.05);
    gain.connect(this.master);
    this.oscillator('square', downbeat ? 1760 : 1320, t, 0.05, gain);
  }

  /** A soft chime where a structure change takes effect. */
  chime(serverMicros) {
    if (!this.context || !this.local) return;
    const t = this.startAt(serverMicros);
    const gain = this.context.createGain();
    gain.gain.setValueAtTime(0.12, t);
    gain.gain.exponentialRampToValueAtTime(0.0001, t + 0.8);
    gain.connect(this.master);
    this.oscillator('sine', 1046.5, t, 0.8, gain);
    this.oscillator('sine', 1568, t, 0.6, gain);
  }

  makeNoise() {
    const length = this.context.sampleRate / 4;
    const buffer = this.context.createBuffer(1, length, this.context.sampleRate);
    const data = buffer.getChannelData(0);
    for (let i = 0; i < length; i++) data[i] = Math.random() * 2 - 1;
    return buffer;
  }
}
