// Look-ahead scheduling ("A Tale of Two Clocks", Chris Wilson): a worker ticks every TICK_MS;
// on each tick everything due in the next AHEAD_MS of server time (the beats' clicks, structure
// changes) is handed to Web Audio with its exact time, so that timing rests on the audio clock,
// not on when a timer happens to run. What was scheduled is kept in `log`, with the wall-clock
// time (this page's estimate) at which it sounds, so that tests can compare pages.

import { num } from './connection.js';

export const TICK_MS = 25;
export const AHEAD_MS = 100;

export class Scheduler {
  constructor(clock, timeline, sound) {
    this.clock = clock;
    this.timeline = timeline;
    this.sound = sound;
    this.nextBeat = null;
    this.scheduledChanges = new Set();
    this.log = [];
    this.clicks = true;
    this.worker = null;
    this.onFired = () => {};
  }

  start() {
    if (this.worker) return;
    this.worker = new Worker('/web/tick-worker.js');
    this.worker.onmessage = () => this.tick();
    this.worker.postMessage({ interval: TICK_MS });
  }

  stop() {
    if (this.worker) {
      this.worker.terminate();
      this.worker = null;
    }
  }

  /** Wall-clock milliseconds at which the server clock reads serverMicros, by this page. */
  epochMillisAt(serverMicros) {
    return performance.timeOrigin + this.clock.localMillisAt(serverMicros);
  }

  tick() {
    if (!this.clock.synced) return;
    const now = this.clock.serverNowMicros();
    const horizon = now + AHEAD_MS * 1000;
    const fired = this.timeline.advance(now);
    if (fired.length > 0) this.onFired(fired);
    for (const change of this.timeline.pending) {
      const at = num(change.effectiveServerMicros);
      const sequence = num(change.sequence);
      if (at <= horizon && !this.scheduledChanges.has(sequence)) {
        this.scheduledChanges.add(sequence);
        this.log.push({
          kind: 'change',
          sequence,
          description: change.description || '',
          effectiveServerMicros: at,
          effectiveBeat: num(change.effectiveBeat),
          scheduledAtServerMicros: now,
          soundsAtEpochMillis: this.epochMillisAt(at),
        });
        this.sound.chime(at);
      }
    }
    this.scheduleBeats(now, horizon);
  }

  scheduleBeats(now, horizon) {
    const tempo = this.timeline.tempo;
    const beatNow = tempo.beatAt(now);
    if (this.nextBeat === null || this.nextBeat < beatNow - 1) {
      this.nextBeat = Math.ceil(beatNow);
    }
    const level = this.timeline.dynamicAt(beatNow) / 5;
    for (let i = 0; i < 8; i++) {
      const at = tempo.timeAt(this.nextBeat);
      if (!Number.isFinite(at) || at > horizon) break;
      if (at >= now - 20000 && this.clicks) {
        const { beat } = this.timeline.position(this.nextBeat);
        this.sound.click(beat === 1, at, level);
      }
      this.nextBeat += 1;
    }
  }
}
