package org.attune.audio.mix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.lang.management.ManagementFactory;
import java.util.function.IntConsumer;
import org.attune.audio.SampleClock;
import org.junit.jupiter.api.Test;

class MixerTest {

  private static final int BLOCK = SampleClock.BLOCK_FRAMES;
  private static final int STRIPS = 4;

  /** Three strips on the bus, each a sine of its own pitch at -20 dBFS in both channels. */
  private final float[][] inputs = {
    Signals.sine(0.1, 375, 100 * BLOCK),
    Signals.sine(0.1, 750, 100 * BLOCK),
    Signals.sine(0.1, 1500, 100 * BLOCK),
    new float[100 * BLOCK]
  };

  /** Renders 100 blocks; {@code beforeBlock} runs first each time; returns the left output. */
  private float[] render(Mixer mixer, IntConsumer beforeBlock) {
    float[][] left = new float[STRIPS][BLOCK];
    float[][] right = new float[STRIPS][BLOCK];
    int frames = inputs[0].length;
    float[] out = new float[frames];
    float[] outLeft = new float[BLOCK];
    float[] outRight = new float[BLOCK];
    for (int start = 0, block = 0; start < frames; start += BLOCK, block++) {
      beforeBlock.accept(block);
      for (int s = 0; s < STRIPS; s++) {
        System.arraycopy(inputs[s], start, left[s], 0, BLOCK);
        System.arraycopy(inputs[s], start, right[s], 0, BLOCK);
      }
      mixer.mix(left, right, BLOCK, outLeft, outRight);
      System.arraycopy(outLeft, 0, out, start, BLOCK);
    }
    return out;
  }

  private static Mixer mixerWithThreeStrips() {
    Mixer mixer = new Mixer(STRIPS, BLOCK, new MasterBus());
    for (int s = 0; s < 3; s++) {
      mixer.addStrip(s);
    }
    return mixer;
  }

  /** What strip {@code s} alone contributes to the left output: centred, delayed by the limiter. */
  private float expectedAlone(int s, int frame, int latency) {
    return frame < latency ? 0 : inputs[s][frame - latency] * (float) Math.cos(Math.PI / 4);
  }

  @Test
  void stripsAreSummedIntoTheOutputDelayedByTheLimiter() {
    Mixer mixer = mixerWithThreeStrips();
    float[] out = render(mixer, block -> {});
    int latency = mixer.master().latencyFrames();

    for (int n = 2 * BLOCK; n < out.length; n++) {
      float expected =
          expectedAlone(0, n, latency)
              + expectedAlone(1, n, latency)
              + expectedAlone(2, n, latency);
      assertThat(out[n]).isCloseTo(expected, within(1e-6f));
    }
  }

  @Test
  void soloOfOneStripSilencesTheOthers() {
    Mixer mixer = mixerWithThreeStrips();
    float[] out = render(mixer, block -> mixer.strip(1).setSoloed(block >= 10));
    int latency = mixer.master().latencyFrames();

    assertThat(mixer.isSoloActive()).isTrue();
    for (int n = 11 * BLOCK + latency; n < out.length; n++) {
      assertThat(out[n]).isCloseTo(expectedAlone(1, n, latency), within(1e-6f));
    }
    assertThat(mixer.strip(0).meter().readAndReset().frames()).isEqualTo(out.length);
    float[] afterSolo = render(mixer, block -> {});
    assertThat(Signals.rmsDb(afterSolo, 0, afterSolo.length))
        .isCloseTo(Decibels.fromGain(0.1 * Math.cos(Math.PI / 4) / Math.sqrt(2)), within(0.1));
    assertThat(mixer.strip(0).meter().readAndReset().peakDb()).isEqualTo(Double.NEGATIVE_INFINITY);
  }

  @Test
  void unsoloingBringsTheOtherStripsBack() {
    Mixer mixer = mixerWithThreeStrips();
    mixer.strip(2).setSoloed(true);
    render(mixer, block -> {});
    float[] out = render(mixer, block -> mixer.strip(2).setSoloed(block < 5));

    assertThat(mixer.isSoloActive()).isFalse();
    double threeSines = Decibels.fromGain(0.1 * Math.cos(Math.PI / 4) * Math.sqrt(3.0 / 2));
    assertThat(Signals.rmsDb(out, 6 * BLOCK + 48, 6 * BLOCK + 48 + 64 * BLOCK))
        .isCloseTo(threeSines, within(0.1));
  }

  @Test
  void removedStripFadesOutOverOneBlockAndIsThenFree() {
    Mixer mixer = new Mixer(STRIPS, BLOCK, new MasterBus());
    mixer.addStrip(0);
    float[] out =
        render(
            mixer,
            block -> {
              if (block == 10) {
                mixer.removeStrip(0);
              }
            });
    int latency = mixer.master().latencyFrames();

    assertThat(mixer.isActive(0)).isFalse();
    assertThat(Signals.peak(out, 10 * BLOCK + latency, 11 * BLOCK + latency)).isGreaterThan(0);
    assertThat(Signals.peak(out, 11 * BLOCK + latency, out.length)).isZero();
    assertThat(Signals.largestStep(out)).isLessThan(0.01f);
  }

  @Test
  void addedStripFadesInOverItsFirstBlock() {
    Mixer mixer = new Mixer(STRIPS, BLOCK, new MasterBus());
    float[] out =
        render(
            mixer,
            block -> {
              if (block == 10) {
                mixer.addStrip(1).setPan(-1);
              }
            });
    int latency = mixer.master().latencyFrames();

    assertThat(Signals.peak(out, 0, 10 * BLOCK + latency)).isZero();
    assertThat(Signals.largestStep(out)).isLessThan(0.02f);
    assertThat(Signals.peakDb(out, 11 * BLOCK + latency, out.length)).isCloseTo(-20, within(0.1));
  }

  @Test
  void addingAStripThatIsOnTheBusFails() {
    Mixer mixer = mixerWithThreeStrips();

    assertThatThrownBy(() -> mixer.addStrip(1)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> mixer.removeStrip(3)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void masterGainOfMinusSixDecibelsLowersTheOutputBySixDecibels() {
    Mixer unity = mixerWithThreeStrips();
    Mixer lowered = mixerWithThreeStrips();
    lowered.master().setGainDb(-6);
    float[] unityOut = render(unity, block -> {});
    float[] loweredOut = render(lowered, block -> {});

    int from = 2 * BLOCK;
    assertThat(
            Signals.rmsDb(unityOut, from, unityOut.length)
                - Signals.rmsDb(loweredOut, from, loweredOut.length))
        .isCloseTo(6, within(0.01));
    MeterReading master = lowered.master().meter().readAndReset();
    assertThat(master.frames()).isEqualTo(loweredOut.length);
    assertThat(master.peakLeftDb())
        .isCloseTo(Signals.peakDb(loweredOut, 0, loweredOut.length), within(0.01));
  }

  @Test
  void mixingAllocatesNothingOnTheRenderThread() {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    Mixer mixer = new Mixer();
    for (int s = 0; s < 30; s++) {
      mixer.addStrip(s).setGainDb(6);
    }
    float[][] in = new float[Mixer.DEFAULT_MAX_STRIPS][];
    for (int s = 0; s < in.length; s++) {
      in[s] = Signals.noise(1.0, BLOCK, s);
    }
    float[] outLeft = new float[BLOCK];
    float[] outRight = new float[BLOCK];
    for (int b = 0; b < 20_000; b++) {
      mixer.mix(in, in, BLOCK, outLeft, outRight);
    }
    long thread = Thread.currentThread().getId();
    long before = threads.getThreadAllocatedBytes(thread);
    for (int b = 0; b < 20_000; b++) {
      mixer.strip(b % 30).setPan((b % 3) - 1);
      mixer.strip(b % 30).setMuted(b % 5 == 0);
      mixer.mix(in, in, BLOCK, outLeft, outRight);
    }
    long allocated = threads.getThreadAllocatedBytes(thread) - before;

    assertThat(allocated).isLessThan(1024);
    assertThat(Signals.peak(outLeft, 0, BLOCK))
        .isLessThanOrEqualTo(mixer.master().limiter().ceiling());
  }
}
