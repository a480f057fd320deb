package org.attune.audio.synth;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.attune.audio.SampleClock;
import org.attune.audio.sf2.SoundFont;

/**
 * Drives a {@link Synthesizer} block by block as a render thread would, with actions at given
 * frames, and keeps every strip's left channel (and the voice count after every block).
 */
public final class SynthRun {

  /** Something done to the synthesizer at frame {@code offset} of the next block. */
  @FunctionalInterface
  public interface Action {
    void apply(Synthesizer synth, int offset);
  }

  private record Timed(long frame, int order, Action action) {}

  private final Synthesizer synth;
  private final List<Timed> actions = new ArrayList<>();
  private int maxActiveVoices;

  public SynthRun(Synthesizer synth) {
    this.synth = synth;
  }

  /** Does {@code action} at frame {@code frame} of the run. */
  public SynthRun at(long frame, Action action) {
    actions.add(new Timed(frame, actions.size(), action));
    return this;
  }

  /** Plays {@code key} on {@code strip} from {@code on} to {@code off} (frames; -1: held). */
  public SynthRun note(int strip, int key, int velocity, long on, long off) {
    at(on, (s, o) -> s.noteOn(strip, key, velocity, o));
    if (off >= 0) {
      at(off, (s, o) -> s.noteOff(strip, key, o));
    }
    return this;
  }

  /** Renders {@code frames} frames (rounded up to blocks); returns each strip's left channel. */
  public float[][] render(int frames) {
    int block = SampleClock.BLOCK_FRAMES;
    int blocks = (frames + block - 1) / block;
    int strips = synth.strips();
    float[][] left = new float[strips][block];
    float[][] right = new float[strips][block];
    float[][] out = new float[strips][blocks * block];
    List<Timed> sorted = new ArrayList<>(actions);
    sorted.sort(Comparator.comparingLong(Timed::frame).thenComparingInt(Timed::order));
    int next = 0;
    for (int b = 0; b < blocks; b++) {
      long start = (long) b * block;
      while (next < sorted.size() && sorted.get(next).frame() < start + block) {
        Timed t = sorted.get(next++);
        t.action().apply(synth, (int) Math.max(0, t.frame() - start));
      }
      synth.render(left, right, block);
      for (int s = 0; s < strips; s++) {
        System.arraycopy(left[s], 0, out[s], (int) start, block);
      }
      maxActiveVoices = Math.max(maxActiveVoices, synth.activeVoices());
    }
    return out;
  }

  /**
   * One note on a one-strip synthesizer playing {@code bank:program} of {@code font}: its left
   * channel for {@code frames} frames, the key released at {@code offFrame} (-1: held).
   */
  public static float[] note(
      SoundFont font, int bank, int program, int key, int velocity, long offFrame, int frames) {
    Synthesizer synth = new Synthesizer(font, 1, 16);
    synth.program(0, bank, program);
    return new SynthRun(synth).note(0, key, velocity, 0, offFrame).render(frames)[0];
  }

  /** The most voices active after any block rendered so far. */
  public int maxActiveVoices() {
    return maxActiveVoices;
  }
}
