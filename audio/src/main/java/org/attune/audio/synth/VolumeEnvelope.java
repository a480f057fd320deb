package org.attune.audio.synth;

import org.attune.audio.SampleClock;
import org.attune.audio.sf2.Envelope;

/**
 * A voice's DAHDSR volume envelope, advanced a segment of frames at a time.
 *
 * <p>Attack rises linearly in amplitude; decay and release fall linearly in decibels, as the
 * SoundFont 2.04 specification (section 8.1.3) defines their times: the time a fall of 100 dB would
 * take. The level is computed at the end of each segment and the voice ramps its gain linearly
 * across the segment, so the envelope costs a few multiplications per block, not per frame. A
 * released voice whose output falls below -80 dBFS is done: it ends early.
 *
 * <p>Thread-safe: no; owned by its voice on the render thread. Realtime-safe: yes.
 */
final class VolumeEnvelope {

  /** -80 dB: below this a releasing voice is silent enough to end. */
  static final double INAUDIBLE = 1e-4;

  private static final int DELAY = 0;
  private static final int ATTACK = 1;
  private static final int HOLD = 2;
  private static final int DECAY = 3;
  private static final int SUSTAIN = 4;
  private static final int RELEASE = 5;
  private static final int DONE = 6;

  /** Frames for a quick fade when a voice is stolen or choked. */
  private static final int QUICK_FADE_FRAMES = SampleClock.BLOCK_FRAMES;

  private int stage;
  private double inaudible = INAUDIBLE;
  private double level;
  private long stageFrames;
  private long stageLength;
  private double sustain;
  private long delayFrames;
  private long attackFrames;
  private long holdFrames;

  /** Per-frame factor of the decay (100 dB over the decay time). */
  private double decayFactor;

  private double releaseFactor;

  /** The factors over one whole block, to spare a {@code pow} per voice and block. */
  private double decayBlockFactor;

  private double releaseBlockFactor;

  /**
   * Starts the envelope for a note.
   *
   * @param inaudible the level below which the voice is silent enough to end: {@link #INAUDIBLE}
   *     for a voice at full scale, higher for one that its attenuation and velocity make quiet
   */
  void start(Envelope e, int key, double inaudible) {
    this.inaudible = Math.max(INAUDIBLE, Math.min(1, inaudible));
    double sr = SampleClock.SAMPLE_RATE;
    double keyOffset = 60 - key;
    delayFrames = frames(e.delaySeconds(), sr);
    attackFrames = Math.max(1, frames(e.attackSeconds(), sr));
    holdFrames = frames(e.holdSeconds() * Math.pow(2, e.holdKeyCents() * keyOffset / 1200), sr);
    double decaySeconds = e.decaySeconds() * Math.pow(2, e.decayKeyCents() * keyOffset / 1200);
    decayFactor = perFrameFactor(decaySeconds, sr);
    releaseFactor = perFrameFactor(e.releaseSeconds(), sr);
    decayBlockFactor = Math.pow(decayFactor, SampleClock.BLOCK_FRAMES);
    releaseBlockFactor = Math.pow(releaseFactor, SampleClock.BLOCK_FRAMES);
    sustain = Math.min(1, Math.max(0, e.sustainLevel()));
    level = 0;
    enter(DELAY, delayFrames);
  }

  /** The key is up: fall from wherever the envelope is. */
  void release() {
    if (stage < RELEASE) {
      enter(RELEASE, Long.MAX_VALUE);
    }
  }

  /** Stolen or choked: fall to silence within about one block. */
  void fadeQuickly() {
    if (stage != DONE) {
      releaseFactor =
          Math.min(
              releaseFactor,
              Math.pow(inaudible / 2 / Math.max(level, inaudible), 1.0 / QUICK_FADE_FRAMES));
      releaseBlockFactor = Math.pow(releaseFactor, SampleClock.BLOCK_FRAMES);
      enter(RELEASE, Long.MAX_VALUE);
    }
  }

  boolean isReleased() {
    return stage >= RELEASE;
  }

  boolean isDone() {
    return stage == DONE;
  }

  /**
   * Frames until the envelope's next corner that a linear gain ramp cannot cut across: the end of
   * the delay or of the attack. Past the attack, {@link Long#MAX_VALUE}. Always at least 1.
   */
  long framesToCorner() {
    if (stage == DELAY) {
      long rest = stageLength - stageFrames;
      return rest > 0 ? rest : attackFrames;
    }
    if (stage == ATTACK) {
      return Math.max(1, stageLength - stageFrames);
    }
    return Long.MAX_VALUE;
  }

  double level() {
    return level;
  }

  /** Advances {@code frames} frames and returns the level at the end of them. */
  double advance(int frames) {
    int left = frames;
    while (left > 0 && stage != DONE) {
      long inStage = Math.min(left, stageLength - stageFrames);
      switch (stage) {
        case DELAY -> level = 0;
        case ATTACK -> level = Math.min(1, (double) (stageFrames + inStage) / attackFrames);
        case HOLD -> level = 1;
        case DECAY -> {
          level *= factor(decayFactor, decayBlockFactor, inStage);
          if (level <= sustain || level < inaudible) {
            level = sustain;
            inStage = left;
            enter(SUSTAIN, Long.MAX_VALUE);
          }
        }
        case SUSTAIN -> {
          level = sustain;
          inStage = left;
        }
        case RELEASE -> {
          level *= factor(releaseFactor, releaseBlockFactor, inStage);
          inStage = left;
          if (level < inaudible) {
            level = 0;
            stage = DONE;
          }
        }
        default -> throw new IllegalStateException("envelope stage " + stage);
      }
      left -= (int) inStage;
      stageFrames += inStage;
      if (stageFrames >= stageLength && stage < SUSTAIN) {
        next();
      }
    }
    return level;
  }

  private void next() {
    switch (stage) {
      case DELAY -> enter(ATTACK, attackFrames);
      case ATTACK -> enter(HOLD, holdFrames);
      case HOLD -> {
        level = 1;
        enter(DECAY, Long.MAX_VALUE);
      }
      default -> {}
    }
  }

  private void enter(int newStage, long length) {
    stage = newStage;
    stageFrames = 0;
    stageLength = length;
    if (newStage == SUSTAIN && sustain < inaudible) {
      stage = DONE;
      level = 0;
    }
  }

  private static double factor(double perFrame, double perBlock, long frames) {
    return frames == SampleClock.BLOCK_FRAMES ? perBlock : Math.pow(perFrame, frames);
  }

  private static long frames(double seconds, double sampleRate) {
    return Math.max(0, Math.round(seconds * sampleRate));
  }

  private static double perFrameFactor(double seconds, double sampleRate) {
    double s = Math.max(seconds, 0.001);
    return Math.pow(10, -5.0 / (s * sampleRate));
  }
}
