// Instruments cut from the server's SoundFont (GET /api/instruments/...), played with Web Audio
// as the server's engine plays them, so that a play page sounds like the group's mix: each
// region's sample at the note's pitch (tuning and scale tuning), its loop, its volume envelope
// (delay, linear attack, hold, decay falling 100 dB in the decay time down to the sustain level,
// release falling 100 dB in the release time; hold and decay scaled by key), its attenuation
// (SoundFont's 0.4 factor, as the engine applies it), the velocity-to-attenuation curve, its
// equal-power pan and its low-pass filter. Not yet: exclusive classes (a hi-hat's choke).

const EMU_ATTENUATION = 0.4;
const SILENT = 1e-5;

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
   * voice, whose release(at) lets the key go. Null where no region plays the key.
   */
  play(destination, key, velocity, when) {
    const context = destination.context;
    const parts = [];
    for (const r of this.regions) {
      if (key < r.loKey || key > r.hiKey) continue;
      parts.push(this.part(context, destination, r, key, velocity, when));
    }
    if (!parts.length) return null;
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
    let released = false;
    return {
      release(at) {
        if (released) return;
        released = true;
        // Cut the schedule at the release, anchored at the level it has then, and fall from it.
        const level = Math.max(levelAt(at), peak * SILENT);
        if (g.cancelAndHoldAtTime) g.cancelAndHoldAtTime(at);
        else g.cancelScheduledValues(at);
        g.setValueAtTime(level, at);
        g.exponentialRampToValueAtTime(level * SILENT, at + Math.max(e.release, 0.005));
        if (r.loop === 'UNTIL_RELEASE') source.loop = false;
        source.stop(at + Math.max(e.release, 0.005) + 0.05);
      },
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

  /** Fetches (once) the instrument the server plays for a member's instrument name. */
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
    const choice = await json(this.base + '/api/instruments/for?name=' + encodeURIComponent(name));
    if (!this.byPreset.has(choice.href)) {
      this.byPreset.set(choice.href, (async () => {
        const description = await json(this.base + choice.href);
        const response = await fetch(this.base + description.pcm);
        if (!response.ok) throw new Error('samples: ' + response.status);
        return new SampleInstrument(context, description, await response.arrayBuffer());
      })());
    }
    return this.byPreset.get(choice.href);
  }
}

async function json(url) {
  const response = await fetch(url);
  const body = await response.json();
  if (!response.ok) throw new Error(body.error || response.statusText);
  return body;
}
