// Instruments cut from the server's SoundFont (GET /api/instruments/...), played with Web Audio
// as the server's engine plays them, so that a play page sounds like the group's mix: each
// region's sample at the note's pitch (tuning and scale tuning), its loop, its volume envelope
// (delay, linear attack, hold, decay falling 100 dB in the decay time down to the sustain level,
// release falling 100 dB in the release time; hold and decay scaled by key), its attenuation
// (SoundFont's 0.4 factor, as the engine applies it), the velocity-to-attenuation curve, its
// equal-power pan and its low-pass filter; and its exclusive class: a note of a class ends the
// same member's sounding notes of that class within a block (a closed hi-hat chokes the open
// one), as the engine does on the member's strip.

const EMU_ATTENUATION = 0.4;
const SILENT = 1e-5;
/** How quickly a choked note falls silent: the engine's block, 64 frames at 48 kHz. */
const CHOKE_SECONDS = 64 / 48000;

/** The attenuation in dB the SoundFont default modulator gives a velocity (as the engine). */
export function velocityAttenuationDb(velocity, amountCb) {
  const v = Math.max(1, Math.min(127, velocity));
  const concave = Math.min(1, (40 / 96) * Math.log10(127 / v));
  return (concave * amountCb) / 10;
}

/** One preset of the server's font, its samples in AudioBuffers of their own rates. */
export class SampleInstrument {
  constructor(context, description, pcm) {
    this.description = description;
    this.regions = description.regions;
    const frames = new Int16Array(pcm);
    this.buffers = description.samples.map((s) => {
      const buffer = context.createBuffer(1, Math.max(1, s.frames), s.sampleRate);
      const data = buffer.getChannelData(0);
      for (let i = 0; i < s.frames; i++) data[i] = frames[s.offset + i] / 32768;
      return buffer;
    });
  }

  get name() {
    return this.description.name;
  }

  /**
   * Plays MIDI key at velocity (1..127) from audio time `when` into `destination`; returns the
   * voice, whose release(at) lets the key go. Null where no region plays the key. `chokes`, one
   * Map per member (exclusive class to the parts sounding in it), is where this note's classes
   * end that member's earlier notes of the same class.
   */
  play(destination, key, velocity, when, chokes = null) {
    const context = destination.context;
    const regions = this.regions.filter((r) => key >= r.loKey && key <= r.hiKey);
    if (!regions.length) return null;
    if (chokes) {
      for (const cls of new Set(regions.map((r) => r.exclusiveClass || 0))) {
        if (cls === 0) continue;
        for (const sounding of chokes.get(cls) || []) sounding.choke(when);
        chokes.set(cls, []);
      }
    }
    const parts = [];
    for (const r of regions) {
      const part = this.part(context, destination, r, key, velocity, when);
      parts.push(part);
      if (chokes && r.exclusiveClass) chokes.get(r.exclusiveClass).push(part);
    }
    return { release: (at) => parts.forEach((p) => p.release(Math.max(at, when))) };
  }

  part(context, destination, r, key, velocity, when) {
    const rate = this.description.samples[r.sample].sampleRate;
    const source = context.createBufferSource();
    source.buffer = this.buffers[r.sample];
    const cents = (key - r.rootKey) * r.scaleTuningCents + r.tuneCents;
    source.playbackRate.value = Math.pow(2, cents / 1200);
    const looping = r.loop !== 'NONE';
    if (looping) {
      source.loop = true;
      source.loopStart = r.loopStart / rate;
      source.loopEnd = r.loopEnd / rate;
    }
    const db = r.attenuationDb * EMU_ATTENUATION
      + velocityAttenuationDb(velocity, r.velocityAttenuationCb);
    const peak = Math.pow(10, -db / 20);
    const gain = context.createGain();
    const e = r.envelope;
    const keyOffset = 60 - key;
    const hold = e.hold * Math.pow(2, (e.holdKeyCents * keyOffset) / 1200);
    const decay = e.decay * Math.pow(2, (e.decayKeyCents * keyOffset) / 1200);
    const sustain = Math.max(0, Math.min(1, e.sustain));
    const g = gain.gain;
    const start = when + e.delay;
    const attackEnd = start + Math.max(e.attack, 1 / 48000);
    const holdEnd = start + e.attack + hold;
    // Falls linearly in dB, 100 dB in the decay time, to the sustain level.
    const dropDb = sustain > 0 ? Math.min(100, -20 * Math.log10(sustain)) : 100;
    const decayEnd = holdEnd + (decay * dropDb) / 100;
    const floor = peak * Math.max(sustain, SILENT);
    /** The envelope's level at audio time t while the key is down, as scheduled below. */
    const levelAt = (t) => {
      if (t <= start) return 0;
      if (t < attackEnd) return (peak * (t - start)) / (attackEnd - start);
      if (t < holdEnd || dropDb <= 0) return peak;
      if (t < decayEnd) return peak * Math.pow(floor / peak, (t - holdEnd) / (decayEnd - holdEnd));
      return floor;
    };
    g.setValueAtTime(0, when);
    g.setValueAtTime(0, start);
    g.linearRampToValueAtTime(peak, attackEnd);
    g.setValueAtTime(peak, holdEnd);
    if (dropDb > 0) g.exponentialRampToValueAtTime(floor, decayEnd);
    let out = gain;
    source.connect(gain);
    if (r.filterCutoffHz < 20000) {
      const filter = context.createBiquadFilter();
      filter.type = 'lowpass';
      filter.frequency.value = r.filterCutoffHz;
      filter.Q.value = r.filterQDb;
      gain.connect(filter);
      out = filter;
    }
    const panner = context.createStereoPanner();
    panner.pan.value = Math.max(-1, Math.min(1, r.pan));
    out.connect(panner);
    panner.connect(destination);
    source.start(when);
    let ended = false;
    /** Cuts the schedule at `at`, anchored at the level it has then, and falls from it. */
    const end = (at, seconds) => {
      if (ended) return;
      ended = true;
      const level = Math.max(levelAt(at), peak * SILENT);
      if (g.cancelAndHoldAtTime) g.cancelAndHoldAtTime(at);
      else g.cancelScheduledValues(at);
      g.setValueAtTime(level, at);
      g.exponentialRampToValueAtTime(level * SILENT, at + seconds);
      if (r.loop === 'UNTIL_RELEASE') source.loop = false;
      source.stop(at + seconds + 0.05);
    };
    return {
      release: (at) => end(at, Math.max(e.release, 0.005)),
      choke: (at) => end(Math.max(at, when), CHOKE_SECONDS),
    };
  }
}

/** The instruments a page has fetched, by the instrument names members give. */
export class SampleBank {
  constructor(base = '') {
    this.base = base;
    this.byName = new Map();
    this.byPreset = new Map();
  }

  /** The instrument for a member's instrument name, if it has been fetched. */
  get(name) {
    const entry = this.byName.get((name || '').toLowerCase());
    return entry && entry.instrument ? entry.instrument : null;
  }

  /**
   * Fetches (once) the instrument the server plays for a member's instrument name, or for a
   * General MIDI preset named "gm:<bank>/<program>" (what the mixer's strip plays).
   */
  load(context, name) {
    const key = (name || '').toLowerCase();
    if (!this.byName.has(key)) {
      const entry = { instrument: null };
      entry.ready = this.fetchFor(context, key).then((instrument) => {
        entry.instrument = instrument;
        return instrument;
      });
      entry.ready.catch(() => this.byName.delete(key));
      this.byName.set(key, entry);
    }
    return this.byName.get(key).ready;
  }

  async fetchFor(context, name) {
    const preset = /^gm:(0|128)\/(\d{1,3})$/.exec(name);
    const href = preset
      ? '/api/instruments/' + preset[1] + '/' + preset[2]
      : (await json(this.base + '/api/instruments/for?name=' + encodeURIComponent(name))).href;
    if (!this.byPreset.has(href)) {
      this.byPreset.set(href, (async () => {
        const description = await json(this.base + href);
        const response = await fetch(this.base + description.pcm);
        if (!response.ok) throw new Error('samples: ' + response.status);
        return new SampleInstrument(context, description, await response.arrayBuffer());
      })());
    }
    return this.byPreset.get(href);
  }
}

async function json(url) {
  const response = await fetch(url);
  const body = await response.json();
  if (!response.ok) throw new Error(body.error || response.statusText);
  return body;
}
