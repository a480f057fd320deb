// The server's live stream of the group's mix, for pages whose facilitator chose it
// (MixerState.remoteSound = SERVER_STREAM): AudioFrames (Opus, 48 kHz stereo, 20 ms each) are
// decoded with WebCodecs' AudioDecoder and played on the audio clock at their server time plus a
// playout delay, turned into audio time through the page's clock sync. Consecutive frames are laid
// end to end on one anchor, so the clock sync's small corrections make no clicks; the anchor moves
// only when it is off by more than RESYNC_MICROS. The delay is a jitter buffer: a frame that comes
// (or is decoded) too late for its place is dropped, counted, and the delay grows by what it
// missed; while every frame of a second has come with room to spare, it shrinks again, down to
// MIN_DELAY_MICROS.

import { num } from './connection.js';

/** How long after its server time a frame is heard at first: its trip, decoding, jitter. */
export const PLAYOUT_DELAY_MICROS = 120000;
const MIN_DELAY_MICROS = 80000;
const MAX_DELAY_MICROS = 2000000;
/** A late frame grows the delay by what it missed and this much more. */
const GROW_MARGIN_MICROS = 20000;
/** A second of frames all this early shrinks the delay by SHRINK_STEP_MICROS. */
const SPARE_MICROS = 60000;
const SHRINK_STEP_MICROS = 10000;
const FRAMES_A_SECOND = 50;
const FRAME_MILLIS = 20;
const RESYNC_MICROS = 20000;
const LOG_FRAMES = 500;

export class StreamPlayer {
  /**
   * @param connection the page's Connection (its clock sync maps server time)
   * @param sound the page's GroupSound (its context and master gain play the stream)
   */
  constructor(connection, sound) {
    this.connection = connection;
    this.sound = sound;
    this.decoder = null;
    this.anchor = null;
    this.on = false;
    this.delayMicros = PLAYOUT_DELAY_MICROS;
    this.spareFrames = 0;
    // For tests and for people who look: counts, and the last frames' lateness and times.
    this.stats = { received: 0, decoded: 0, played: 0, late: 0, errors: 0, delayMicros: 0 };
    this.log = [];
    connection.on('audioFrame', (frame) => this.frame(frame));
  }

  /** Whether this browser can decode the stream (WebCodecs with Opus). */
  static get supported() {
    return typeof AudioDecoder !== 'undefined' && typeof EncodedAudioChunk !== 'undefined';
  }

  /** Asks the server for the stream; resolves once it is accepted. */
  start() {
    if (this.on) return Promise.resolve();
    this.on = true;
    this.anchor = null;
    this.decoder = new AudioDecoder({
      output: (data) => this.decoded(data),
      error: () => {
        this.stats.errors++;
      },
    });
    this.decoder.configure({ codec: 'opus', sampleRate: 48000, numberOfChannels: 2 });
    return this.connection.request({ streamRequest: { on: true, frameMillis: FRAME_MILLIS } });
  }

  /** Stops the stream (and asks the server to stop sending it). */
  stop() {
    if (!this.on) return;
    this.on = false;
    this.connection.send({ streamRequest: { on: false } });
    if (this.decoder && this.decoder.state !== 'closed') this.decoder.close();
    this.decoder = null;
  }

  frame(frame) {
    if (!this.on || !this.decoder || this.decoder.state !== 'configured') return;
    this.stats.received++;
    const serverMicros = num(frame.serverMicros);
    const bytes = Uint8Array.from(atob(frame.opus || ''), (c) => c.charCodeAt(0));
    this.remember({
      sequence: num(frame.sequence),
      serverMicros,
      arrivedServerMicros: this.connection.clock.serverNowMicros(),
    });
    this.decoder.decode(new EncodedAudioChunk({ type: 'key', timestamp: serverMicros, data: bytes }));
  }

  decoded(data) {
    try {
      this.stats.decoded++;
      const context = this.sound.context;
      if (!context || !this.on) return;
      const frames = data.numberOfFrames;
      const buffer = context.createBuffer(2, frames, data.sampleRate);
      for (let channel = 0; channel < 2; channel++) {
        const plane = Math.min(channel, data.numberOfChannels - 1);
        data.copyTo(buffer.getChannelData(channel), { planeIndex: plane, format: 'f32-planar' });
      }
      const serverMicros = data.timestamp;
      const at = this.placeOf(serverMicros + this.delayMicros);
      const spareMicros = (at - context.currentTime) * 1e6;
      const entry = this.log.find((e) => e.serverMicros === serverMicros);
      if (entry) {
        entry.peak = peakOf(buffer.getChannelData(0));
        entry.decodedServerMicros = this.connection.clock.serverNowMicros();
        entry.spareMicros = spareMicros;
      }
      this.adapt(spareMicros);
      if (spareMicros < 2000) {
        this.stats.late++;
        if (entry) entry.late = true;
        return;
      }
      const source = context.createBufferSource();
      source.buffer = buffer;
      source.connect(this.sound.master);
      source.start(at);
      this.stats.played++;
      if (entry) entry.playsAtEpochMillis = this.epochMillisAt(at, context);
    } finally {
      data.close();
    }
  }

  /** The jitter buffer: grows at once by what a late frame missed, shrinks after a spare second. */
  adapt(spareMicros) {
    if (spareMicros < 2000) {
      this.delayMicros = Math.min(MAX_DELAY_MICROS,
        this.delayMicros + (2000 - spareMicros) + GROW_MARGIN_MICROS);
      this.anchor = null;
      this.spareFrames = 0;
    } else if (spareMicros > SPARE_MICROS + SHRINK_STEP_MICROS) {
      if (++this.spareFrames >= FRAMES_A_SECOND && this.delayMicros > MIN_DELAY_MICROS) {
        this.delayMicros = Math.max(MIN_DELAY_MICROS, this.delayMicros - SHRINK_STEP_MICROS);
        this.anchor = null;
        this.spareFrames = 0;
      }
    } else {
      this.spareFrames = 0;
    }
    this.stats.delayMicros = this.delayMicros;
  }

  /** The audio time at which server time `micros` is heard: on the anchor unless it drifted. */
  placeOf(micros) {
    const exact = this.sound.audioTimeAt(micros);
    if (this.anchor) {
      const onAnchor = this.anchor.audio + (micros - this.anchor.server) / 1e6;
      if (Math.abs(onAnchor - exact) * 1e6 < RESYNC_MICROS) return onAnchor;
    }
    this.anchor = { audio: exact, server: micros };
    return exact;
  }

  /** Wall-clock milliseconds (this page's estimate) of audio time `at`. */
  epochMillisAt(at, context) {
    const stamp = context.getOutputTimestamp ? context.getOutputTimestamp() : null;
    const perf = stamp && stamp.performanceTime > 0
      ? stamp.performanceTime + (at - stamp.contextTime) * 1000
      : performance.now() + (at - context.currentTime) * 1000;
    return performance.timeOrigin + perf;
  }

  remember(entry) {
    this.log.push(entry);
    if (this.log.length > LOG_FRAMES) this.log.shift();
  }
}

function peakOf(samples) {
  let peak = 0;
  for (let i = 0; i < samples.length; i++) peak = Math.max(peak, Math.abs(samples[i]));
  return peak;
}
