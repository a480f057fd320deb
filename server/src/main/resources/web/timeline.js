// The group's musical time as the server sent it: the tempo map (server time <-> beats, steady,
// ramp and hold segments, in the same closed forms as org.attune.clock.TempoSegment), the form
// state, and the structure changes that are pending until their effective server time.

import { num } from './connection.js';

const MICROS_PER_MINUTE = 60000000;

function segmentOf(raw) {
  const s = { start: num(raw.startServerMicros), startBeat: num(raw.startBeat) };
  if (raw.ramp) {
    s.kind = 'ramp';
    s.from = num(raw.ramp.fromBpm);
    s.to = num(raw.ramp.toBpm);
    s.beats = num(raw.ramp.beats);
    s.duration = (MICROS_PER_MINUTE * 2 * s.beats) / (s.from + s.to);
    s.slope = (s.to - s.from) / s.duration;
  } else if (raw.hold) {
    s.kind = 'hold';
    s.bpm = num(raw.hold.bpm);
  } else {
    s.kind = 'steady';
    s.bpm = num(raw.steady ? raw.steady.bpm : 90);
  }
  return s;
}

function beatIn(s, micros) {
  const t = micros - s.start;
  switch (s.kind) {
    case 'ramp':
      if (t <= 0) return s.startBeat + (t * s.from) / MICROS_PER_MINUTE;
      if (t >= s.duration) return s.startBeat + s.beats + ((t - s.duration) * s.to) / MICROS_PER_MINUTE;
      return s.startBeat + (s.from * t + (s.slope * t * t) / 2) / MICROS_PER_MINUTE;
    case 'hold':
      return t < 0 ? s.startBeat + (t * s.bpm) / MICROS_PER_MINUTE : s.startBeat;
    default:
      return s.startBeat + (t * s.bpm) / MICROS_PER_MINUTE;
  }
}

function timeIn(s, beat) {
  const b = beat - s.startBeat;
  switch (s.kind) {
    case 'ramp': {
      if (b <= 0) return s.start + (b * MICROS_PER_MINUTE) / s.from;
      if (b >= s.beats) return s.start + s.duration + ((b - s.beats) * MICROS_PER_MINUTE) / s.to;
      const c = b * MICROS_PER_MINUTE;
      return s.start + (2 * c) / (s.from + Math.sqrt(Math.max(0, s.from * s.from + 2 * s.slope * c)));
    }
    case 'hold':
      return b <= 0 ? s.start + (b * MICROS_PER_MINUTE) / s.bpm : Infinity;
    default:
      return s.start + (b * MICROS_PER_MINUTE) / s.bpm;
  }
}

function bpmIn(s, micros) {
  const t = micros - s.start;
  switch (s.kind) {
    case 'ramp':
      if (t <= 0) return s.from;
      return t >= s.duration ? s.to : s.from + s.slope * t;
    case 'hold':
      return t < 0 ? s.bpm : 0;
    default:
      return s.bpm;
  }
}

export class TempoMap {
  constructor(raw) {
    const segments = (raw && raw.segments) || [];
    this.segments = segments.map(segmentOf);
    if (this.segments.length === 0) {
      this.segments = [segmentOf({ steady: { bpm: 90 } })];
    }
  }

  segmentAt(micros) {
    let chosen = this.segments[0];
    for (const s of this.segments) {
      if (s.start <= micros) chosen = s;
    }
    return chosen;
  }

  beatAt(micros) {
    return beatIn(this.segmentAt(micros), micros);
  }

  /**
   * The first server time at which the beat reaches `beat` (Infinity inside a fermata that has
   * not been released): the earliest segment that starts at that beat, as TempoMap.timeAt.
   */
  timeAt(beat) {
    const s = this.segments;
    for (let i = 0; i < s.length; i++) {
      if (beat === s[i].startBeat) return s[i].start;
      if (i === s.length - 1 || beat < s[i + 1].startBeat) return timeIn(s[i], beat);
    }
    return Infinity;
  }

  bpmAt(micros) {
    return bpmIn(this.segmentAt(micros), micros);
  }
}

export const DYNAMICS = ['', 'ppp', 'pp', 'p', 'mp', 'mf', 'f', 'ff', 'fff'];
const DYNAMIC_LEVEL = { PPP: 1, PP: 2, P: 3, MP: 4, MF: 5, F: 6, FF: 7, FFF: 8 };

export function dynamicLevel(name) {
  return DYNAMIC_LEVEL[name] || 5;
}

/** The form state with a patch's set parts replaced (FormStates.apply). */
export function applyPatch(form, patch) {
  const next = Object.assign({}, form);
  for (const key of ['section', 'meter', 'barOriginBeat', 'phraseBars', 'key', 'groove',
    'dynamics', 'progression']) {
    if (patch[key] !== undefined) next[key] = patch[key];
  }
  return next;
}

export class Timeline {
  constructor() {
    this.tempo = new TempoMap(null);
    this.form = {};
    this.pending = [];
    this.lastSequence = 0;
    this.lookaheadMicros = 0;
  }

  applySnapshot(snapshot) {
    this.tempo = new TempoMap(snapshot.tempoMap);
    this.form = snapshot.form || {};
    this.lastSequence = num(snapshot.lastSequence);
    this.lookaheadMicros = num(snapshot.lookaheadMicros);
    this.pending = (snapshot.pending || []).slice();
    this.pending.sort((a, b) => num(a.effectiveServerMicros) - num(b.effectiveServerMicros));
  }

  /** Holds a change until its time; returns false for one already known. */
  addChange(change) {
    const sequence = num(change.sequence);
    if (this.pending.some((c) => num(c.sequence) === sequence)) return false;
    this.pending.push(change);
    this.pending.sort((a, b) => num(a.effectiveServerMicros) - num(b.effectiveServerMicros));
    return true;
  }

  /** Applies every change due by serverMicros; returns the ones applied, in order. */
  advance(serverMicros) {
    const fired = [];
    while (this.pending.length > 0 && num(this.pending[0].effectiveServerMicros) <= serverMicros) {
      const change = this.pending.shift();
      if (change.tempoMap) this.tempo = new TempoMap(change.tempoMap);
      if (change.form) this.form = applyPatch(this.form, change.form);
      this.lastSequence = Math.max(this.lastSequence, num(change.sequence));
      fired.push(change);
    }
    return fired;
  }

  beatsPerBar() {
    return Math.max(1, num(this.form.meter && this.form.meter.beatsPerBar) || 4);
  }

  /** {bar, beat} counted from 1, at a beat position. */
  position(beat) {
    const since = beat - num(this.form.barOriginBeat);
    const perBar = this.beatsPerBar();
    const whole = Math.floor(since);
    return {
      bar: Math.floor(since / perBar) + 1,
      beat: (((whole % perBar) + perBar) % perBar) + 1,
    };
  }

  /** The chord symbol sounding at a beat: one chord a bar from the progression's start. */
  chordAt(beat) {
    const p = this.form.progression;
    if (!p || !p.chords || p.chords.length === 0 || beat < num(p.startBeat)) return 'I';
    const bar = Math.floor((beat - num(p.startBeat)) / this.beatsPerBar());
    return p.chords[((bar % p.chords.length) + p.chords.length) % p.chords.length];
  }

  /** The dynamic level 1..8 at a beat, fractional inside a crescendo or diminuendo. */
  dynamicAt(beat) {
    const d = this.form.dynamics;
    if (!d) return 5;
    const from = dynamicLevel(d.from || d.to);
    const to = dynamicLevel(d.to);
    const beats = num(d.beats);
    if (beats <= 0) return to;
    const f = Math.min(1, Math.max(0, (beat - num(d.startBeat)) / beats));
    return from + (to - from) * f;
  }
}
