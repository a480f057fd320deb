package org.attune.audio.synth;

import org.attune.audio.SampleClock;
import org.attune.audio.sf2.LoopMode;
import org.attune.audio.sf2.Region;

/**
 * One sounding note of one region: reads the region's sample at the note's pitch with linear
 * interpolation, shapes it with the volume envelope and an optional low-pass filter, and adds it,
 * panned, into its strip's buffers.
 *
 * <p>The read position is 32.32 fixed point, so a frame costs two loads, a multiply-add for the
 * interpolation and two for the stereo gains, which ramp linearly across each segment: envelope,
 * velocity, pan and strip changes reach the samples without zipper noise. Loops are read across the
 * loop seam (the frame after loop end is the loop start), so a loop adds no click of its own.
 *
 * <p>Thread-safe: no; owned by the {@link Synthesizer} on the render thread. Realtime-safe: yes.
 */
final class Voice {

  private static final float PCM_SCALE = 1f / 32768f;

  /** The SoundFont attenuation generator is applied at 0.4 of its value, as E-mu hardware did. */
  private static final double EMU_ATTENUATION_FACTOR = 0.4;

  /** A drum hit that loops is released after this long; tablets send no note-off for hits. */
  private static final long PERCUSSION_MAX_FRAMES = 3L * SampleClock.SAMPLE_RATE;

  private final VolumeEnvelope envelope = new VolumeEnvelope();
  private final LowPassFilter filter = new LowPassFilter();

  private float[] pcm;
  private int end;
  private int loopStart;
  private int loopEnd;
  private LoopMode loopMode;
  private long position;
  private long step;

  int strip;
  int key;
  int exclusiveClass;
  boolean percussion;

  /** Order of note-on, for voice stealing (oldest first). */
  long serial;

  boolean active;

  /** Fading out after being stolen or choked: no longer counts against the polyphony. */
  boolean stolen;

  /** This voice's index in its pool. */
  final int slot;

  Voice(int slot) {
    this.slot = slot;
  }

  private float gainLeft;
  private float gainRight;
  private float appliedLeft;
  private float appliedRight;
  private boolean filtered;

  /** The strip filter this voice plays through, or -1 (none, or a filter of its own). */
  int sharedFilter = -1;

  /** Frame offset in the current block where the note starts; 0 after its first block. */
  private int startOffset;

  /** Frame offset in the current block where the key goes up; -1 if it does not this block. */
  private int releaseOffset = -1;

  private long framesPlayed;

  /**
   * Starts this voice for {@code region} of a note.
   *
   * @param offset frame in the current block where the note begins
   */
  void start(
      float[] pcm,
      Region region,
      int strip,
      int key,
      int velocity,
      boolean percussion,
      int offset,
      long serial) {
    this.pcm = pcm;
    this.end = region.end();
    this.loopStart = region.loopStart();
    this.loopEnd = region.loopEnd();
    this.loopMode = region.loopEnd() - region.loopStart() >= 2 ? region.loopMode() : LoopMode.NONE;
    this.position = (long) region.start() << 32;
    double cents =
        (key - region.rootKey()) * (double) region.scaleTuningCents() + region.tuneCents();
    double ratio = Math.pow(2, cents / 1200) * region.sampleRate() / SampleClock.SAMPLE_RATE;
    this.step = Math.max(1, Math.round(ratio * 4294967296.0));
    this.strip = strip;
    this.key = key;
    this.exclusiveClass = region.exclusiveClass();
    this.percussion = percussion;
    this.serial = serial;
    this.active = true;

    double attenuationDb =
        region.attenuationDb() * EMU_ATTENUATION_FACTOR
            + velocityAttenuationDb(velocity, region.velocityAttenuationCb());
    double amplitude = Math.pow(10, -attenuationDb / 20) * PCM_SCALE;
    double angle = (Math.max(-1, Math.min(1, region.pan())) + 1) * Math.PI / 4;
    gainLeft = (float) (amplitude * Math.cos(angle));
    gainRight = (float) (amplitude * Math.sin(angle));
    appliedLeft = 0;
    appliedRight = 0;

    filtered = filter.configure(region.filterCutoffHz(), region.filterQDb());
    // The voice ends when what it adds to the output, not its envelope alone, is below -80 dBFS.
    double peakGain = Math.max(gainLeft, gainRight) * 32768.0;
    envelope.start(region.volume(), key, peakGain > 0 ? VolumeEnvelope.INAUDIBLE / peakGain : 1);
    startOffset = offset;
    releaseOffset = -1;
    framesPlayed = 0;
  }

  /** True if the region this voice started filters (its cutoff is below 20 kHz). */
  boolean wantsFilter() {
    return filtered;
  }

  /** Plays into the strip filter {@code index} instead of filtering itself. */
  void playThrough(int index) {
    filtered = false;
    sharedFilter = index;
  }

  /** The key goes up at frame {@code offset} of the current block. */
  void release(int offset) {
    if (!envelope.isReleased() && releaseOffset < 0) {
      releaseOffset = Math.max(offset, startOffset);
    }
  }

  /** Ends within about a block: stolen for another note, or choked by its exclusive class. */
  void fadeQuickly() {
    envelope.fadeQuickly();
  }

  /** Ends now: the next render adds nothing and frees the voice. */
  void stop() {
    active = false;
  }

  boolean isReleased() {
    return envelope.isReleased() || releaseOffset >= 0;
  }

  /**
   * Adds this block's frames {@code [0, frames)} into {@code left} and {@code right}.
   *
   * @return false once the voice has ended (its envelope is inaudible or its sample is over)
   */
  boolean render(float[] left, float[] right, int frames) {
    int from = startOffset;
    startOffset = 0;
    if (releaseOffset >= 0 && releaseOffset < frames) {
      if (releaseOffset > from) {
        renderShaped(left, right, from, releaseOffset);
        from = releaseOffset;
      }
      envelope.release();
      releaseOffset = -1;
    } else if (releaseOffset >= frames) {
      releaseOffset -= frames;
    }
    if (percussion && !envelope.isReleased() && framesPlayed > PERCUSSION_MAX_FRAMES) {
      envelope.release();
    }
    if (from < frames) {
      renderShaped(left, right, from, frames);
    }
    if (envelope.isDone()) {
      active = false;
    }
    return active;
  }

  /**
   * Renders {@code [from, to)} in segments that end where the delay and the attack do, so that the
   * gain ramp follows the envelope's corners to the frame: a note sounds from its start frame,
   * however far into the block it falls, rather than fading in across the rest of the block.
   */
  private void renderShaped(float[] left, float[] right, int from, int to) {
    while (from < to && active) {
      int cut = from + (int) Math.min(to - from, envelope.framesToCorner());
      renderSegment(left, right, from, cut);
      from = cut;
    }
  }

  private void renderSegment(float[] left, float[] right, int from, int to) {
    int n = to - from;
    double level = envelope.advance(n);
    float targetLeft = (float) (gainLeft * level);
    float targetRight = (float) (gainRight * level);
    float gl = appliedLeft;
    float gr = appliedRight;
    float dl = (targetLeft - gl) / n;
    float dr = (targetRight - gr) / n;
    appliedLeft = targetLeft;
    appliedRight = targetRight;
    framesPlayed += n;

    int i = from;
    while (i < to) {
      boolean looping =
          loopMode == LoopMode.CONTINUOUS
              || (loopMode == LoopMode.UNTIL_RELEASE && !envelope.isReleased());
      // A run of more than one frame a step (a high note) can overshoot the loop's or sample's
      // end by several frames: wrap, or end, before reading there.
      if (looping) {
        long loopEndFixed = (long) loopEnd << 32;
        while (position >= loopEndFixed) {
          position -= (long) (loopEnd - loopStart) << 32;
        }
      } else if (position >= (long) end << 32) {
        active = false;
        return;
      }
      // Frames until the read would need the frame after the loop's or sample's last one.
      long limit = (long) ((looping ? loopEnd : end) - 1) << 32;
      if (position >= limit) {
        int idx = (int) (position >>> 32);
        float frac = fraction(position);
        int nextIdx = idx + 1;
        float a = pcm[idx];
        float b;
        if (looping) {
          b = pcm[nextIdx >= loopEnd ? loopStart + (nextIdx - loopEnd) : nextIdx];
        } else {
          b = nextIdx < end ? pcm[nextIdx] : 0f;
        }
        float s = a + frac * (b - a);
        if (filtered) {
          s = filter.process(s);
        }
        left[i] += s * gl;
        right[i] += s * gr;
        gl += dl;
        gr += dr;
        i++;
        position += step;
        continue;
      }
      int run = (int) Math.min(to - i, (limit - position + step - 1) / step);
      if (filtered) {
        runFiltered(left, right, i, run, gl, gr, dl, dr);
      } else {
        run(left, right, i, run, gl, gr, dl, dr);
      }
      gl += dl * run;
      gr += dr * run;
      i += run;
      position += step * run;
    }
  }

  private void run(
      float[] left, float[] right, int at, int frames, float gl, float gr, float dl, float dr) {
    float[] data = pcm;
    long pos = position;
    long inc = step;
    for (int k = 0; k < frames; k++) {
      int idx = (int) (pos >>> 32);
      float frac = fraction(pos);
      float a = data[idx];
      float s = a + frac * (data[idx + 1] - a);
      left[at + k] += s * gl;
      right[at + k] += s * gr;
      gl += dl;
      gr += dr;
      pos += inc;
    }
  }

  private void runFiltered(
      float[] left, float[] right, int at, int frames, float gl, float gr, float dl, float dr) {
    float[] data = pcm;
    long pos = position;
    long inc = step;
    LowPassFilter f = filter;
    float b0 = f.b0;
    float b1 = f.b1;
    float b2 = f.b2;
    float a1 = f.a1;
    float a2 = f.a2;
    float s1 = f.s1;
    float s2 = f.s2;
    for (int k = 0; k < frames; k++) {
      int idx = (int) (pos >>> 32);
      float frac = fraction(pos);
      float a = data[idx];
      float x = a + frac * (data[idx + 1] - a);
      float y = b0 * x + s1;
      s1 = b1 * x - a1 * y + s2;
      s2 = b2 * x - a2 * y;
      left[at + k] += y * gl;
      right[at + k] += y * gr;
      gl += dl;
      gr += dr;
      pos += inc;
    }
    f.s1 = s1;
    f.s2 = s2;
  }

  /**
   * The fractional part of a 32.32 read position, to 24 bits (all a float holds), in {@code [0,
   * 1)}. Converted from an int, not from the long: the JIT turns a long-to-float conversion into an
   * instruction that waits on the register's previous value, which chained every frame of the loop
   * to the one before.
   */
  private static float fraction(long position) {
    return ((int) position >>> 8) * 0x1p-24f;
  }

  /**
   * The SoundFont default modulator: note-on velocity, concave and inverted, to initial
   * attenuation, scaled to {@code amountCb} (960 cB by default): about 40 log10(127 / velocity) dB.
   */
  static double velocityAttenuationDb(int velocity, float amountCb) {
    int v = Math.max(1, Math.min(127, velocity));
    double concave = Math.min(1, (40.0 / 96.0) * Math.log10(127.0 / v));
    return concave * amountCb / 10;
  }
}
