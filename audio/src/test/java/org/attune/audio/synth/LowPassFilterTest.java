package org.attune.audio.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.attune.audio.sf2.LoopMode;
import org.attune.audio.sf2.SoundFont;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LowPassFilterTest {

  private static float[] play(double hz, float cutoffHz) {
    int frames = 48_000;
    short[] pcm = TestFonts.sine(hz, 48_000, frames);
    SoundFont font =
        TestFonts.font(
            pcm,
            TestFonts.region(
                0,
                frames,
                0,
                frames,
                LoopMode.CONTINUOUS,
                69,
                48_000,
                TestFonts.ORGAN,
                cutoffHz,
                0));
    return SynthRun.note(font, 0, 0, 69, 127, -1, Measure.frames(0.5));
  }

  /** The gain in dB of a second-order Butterworth low-pass at {@code cutoffHz}, bilinear. */
  private static double butterworthDb(double hz, double cutoffHz) {
    // The cookbook low-pass with Q = 1/sqrt 2 is the bilinear transform of the analog
    // Butterworth, prewarped at the cutoff: |H| = 1 / sqrt(1 + (tan(w/2) / tan(w0/2))^4).
    double ratio = Math.tan(Math.PI * hz / 48_000) / Math.tan(Math.PI * cutoffHz / 48_000);
    return -10 * Math.log10(1 + Math.pow(ratio, 4));
  }

  @ParameterizedTest(name = "{0} Hz through {1} Hz")
  @CsvSource({"5000, 500", "2000, 500", "4000, 1000", "100, 500", "500, 500"})
  void aLowInitialCutoffAttenuatesAsASecondOrderLowPass(double hz, float cutoffHz) {
    int from = Measure.frames(0.1);
    int to = Measure.frames(0.5);
    double attenuation =
        Measure.rmsDb(play(hz, cutoffHz), from, to)
            - Measure.rmsDb(play(hz, TestFonts.FILTER_OFF_HZ), from, to);

    assertThat(attenuation).isCloseTo(butterworthDb(hz, cutoffHz), within(0.5));
    if (hz >= 10 * cutoffHz) {
      assertThat(attenuation).isLessThan(-35);
    }
  }
}
