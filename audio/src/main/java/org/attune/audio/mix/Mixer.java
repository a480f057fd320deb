package org.attune.audio.mix;

import java.util.Arrays;
import org.attune.audio.SampleClock;

/**
 * A group's bus: up to a fixed number of {@link ChannelStrip}s, summed into a {@link MasterBus}.
 *
 * <p>Strips are preallocated and addressed by index (the server gives each member and backing part
 * a slot), so that a member joining or leaving mid-session allocates nothing on the render thread.
 * A strip that is added fades in over its first block; one that is removed fades out over the next
 * block and is free after it, so that neither clicks. Solo is bus-wide: while any active strip is
 * soloed, only soloed strips are heard.
 *
 * <p>Thread-safe: no; every method belongs to the render thread, except that the {@link Meter}s of
 * {@link #strip(int)} and {@link #master()} may be read from any thread. Realtime-safe: yes (every
 * method; {@link #addStrip} and {@link #removeStrip} throw only on a caller's error).
 */
public final class Mixer {

  /** The default number of strips: 30 members and their backing band, with room to spare. */
  public static final int DEFAULT_MAX_STRIPS = 64;

  private static final byte FREE = 0;
  private static final byte ACTIVE = 1;
  private static final byte FADING_OUT = 2;

  private final ChannelStrip[] strips;
  private final byte[] states;
  private final MasterBus master;
  private final float[] busLeft;
  private final float[] busRight;

  /** A mixer of {@link #DEFAULT_MAX_STRIPS} strips, blocks of {@link SampleClock#BLOCK_FRAMES}. */
  public Mixer() {
    this(DEFAULT_MAX_STRIPS, SampleClock.BLOCK_FRAMES, new MasterBus());
  }

  /**
   * A mixer with every strip free.
   *
   * @param maxStrips how many strips it holds, 1 or more
   * @param maxBlockFrames the longest block {@link #mix} is given
   * @param master the master bus, which it owns from now on
   */
  public Mixer(int maxStrips, int maxBlockFrames, MasterBus master) {
    if (maxStrips < 1 || maxBlockFrames < 1) {
      throw new IllegalArgumentException(
          "need at least one strip and one frame: " + maxStrips + ", " + maxBlockFrames);
    }
    strips = new ChannelStrip[maxStrips];
    for (int i = 0; i < maxStrips; i++) {
      strips[i] = new ChannelStrip();
    }
    states = new byte[maxStrips];
    this.master = master;
    busLeft = new float[maxBlockFrames];
    busRight = new float[maxBlockFrames];
  }

  /** How many strips the mixer holds, free or not. */
  public int maxStrips() {
    return strips.length;
  }

  /** The longest block {@link #mix} accepts. */
  public int maxBlockFrames() {
    return busLeft.length;
  }

  /**
   * Puts strip {@code index} on the bus at 0 dB, centred, unmuted, unsoloed; it fades in over the
   * next block. A strip that is still fading out after {@link #removeStrip} is taken back.
   *
   * @throws IllegalStateException if the strip is already active
   */
  public ChannelStrip addStrip(int index) {
    ChannelStrip strip = strips[index];
    if (states[index] == ACTIVE) {
      throw new IllegalStateException("strip " + index + " is already on the bus");
    }
    if (states[index] == FREE) {
      strip.silenceNow();
    }
    strip.restoreDefaults();
    states[index] = ACTIVE;
    return strip;
  }

  /**
   * Takes strip {@code index} off the bus: it fades out over the next block, for which {@link #mix}
   * still reads its input, and is free after that.
   *
   * @throws IllegalStateException if the strip is not active
   */
  public void removeStrip(int index) {
    if (states[index] != ACTIVE) {
      throw new IllegalStateException("strip " + index + " is not on the bus");
    }
    states[index] = FADING_OUT;
  }

  /** Whether strip {@code index} is on the bus (added and not removed). */
  public boolean isActive(int index) {
    return states[index] == ACTIVE;
  }

  /** Strip {@code index}, whether on the bus or not. */
  public ChannelStrip strip(int index) {
    return strips[index];
  }

  /** The master bus. */
  public MasterBus master() {
    return master;
  }

  /** Whether any strip on the bus is soloed. */
  public boolean isSoloActive() {
    for (int i = 0; i < strips.length; i++) {
      if (states[i] == ACTIVE && strips[i].isSoloed()) {
        return true;
      }
    }
    return false;
  }

  /**
   * Mixes one block: every strip on the bus (and every strip fading out) from its input buffers,
   * through the master, into the output.
   *
   * @param stripLeft the strips' left inputs by index; only those of strips on the bus or fading
   *     out are read, and they must hold {@code frames} frames
   * @param stripRight likewise right
   * @param frames frames in the block, 1 to {@link #maxBlockFrames()}
   * @param outLeft the final left output, {@code frames} written
   * @param outRight the final right output
   * @throws IllegalArgumentException if {@code frames} is out of range
   */
  public void mix(
      float[][] stripLeft, float[][] stripRight, int frames, float[] outLeft, float[] outRight) {
    mix(stripLeft, stripRight, null, frames, outLeft, outRight);
  }

  /**
   * As {@link #mix(float[][], float[][], int, float[], float[])}, told which strips' inputs hold
   * sound this block: the others are skipped (their ramps and meters move on), which spares the
   * per-frame work of the many strips that are quiet at any moment.
   *
   * @param sounding per strip, false if its input is all zeros this block; null: all may sound
   */
  public void mix(
      float[][] stripLeft,
      float[][] stripRight,
      boolean[] sounding,
      int frames,
      float[] outLeft,
      float[] outRight) {
    if (frames < 1 || frames > busLeft.length) {
      throw new IllegalArgumentException("block of " + frames + " frames");
    }
    Arrays.fill(busLeft, 0, frames, 0);
    Arrays.fill(busRight, 0, frames, 0);
    boolean soloActive = isSoloActive();
    for (int i = 0; i < strips.length; i++) {
      byte state = states[i];
      if (state == FREE) {
        continue;
      }
      if (sounding != null && !sounding[i]) {
        strips[i].skipSilent(frames, soloActive, state == FADING_OUT);
      } else {
        strips[i].mixInto(
            stripLeft[i],
            stripRight[i],
            frames,
            busLeft,
            busRight,
            soloActive,
            state == FADING_OUT);
      }
      if (state == FADING_OUT) {
        states[i] = FREE;
      }
    }
    master.process(busLeft, busRight, frames, outLeft, outRight);
  }
}
