package org.attune.audio.synth;

import static org.assertj.core.api.Assertions.assertThat;

import org.attune.audio.sf2.Envelope;
import org.attune.audio.sf2.LoopMode;
import org.attune.audio.sf2.Preset;
import org.attune.audio.sf2.Region;
import org.attune.audio.sf2.SoundFont;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LoopTest {

  /** Attack 5 ms, full sustain, release 0.3 s. */
  private static final Envelope SOFT = new Envelope(0, 0.005, 0, 0.001, 1.0, 0.3, 0, 0);

  /**
   * A sample of 441 Hz at 44.1 kHz (100 frames a period) whose loop of three periods ends at the
   * very end of the font's pool, so that a read past the loop would either fail or click.
   */
  private static SoundFont loopAtPoolEnd(LoopMode mode) {
    int frames = 100 * 40;
    short[] pcm = TestFonts.sine(441, 44_100, frames);
    return TestFonts.font(
        pcm, TestFonts.region(0, frames, frames - 300, frames, mode, 69, 44_100, SOFT));
  }

  @ParameterizedTest(name = "key {0}")
  @CsvSource({"69", "64", "81", "93", "100"})
  void aLoopOfWholePeriodsPlaysForTwoSecondsWithoutAClick(int key) {
    float[] out =
        SynthRun.note(
            loopAtPoolEnd(LoopMode.CONTINUOUS),
            0,
            0,
            key,
            127,
            Measure.frames(2.0),
            Measure.frames(2.5));

    double hz = 441 * Math.pow(2, (key - 69) / 12.0);
    double amplitude = Measure.peak(out, Measure.frames(0.5), Measure.frames(1.0));
    double bound = 2 * Measure.sineStep(amplitude, hz);
    assertThat(amplitude).isGreaterThan(0.1);
    assertThat(Measure.maxStep(out, 0, Measure.frames(2.0)))
        .as("largest step while held")
        .isLessThan(bound);
    assertThat(Measure.maxStep(out, Measure.frames(2.0), out.length))
        .as("largest step in the release")
        .isLessThan(bound);
    assertThat(Measure.rmsDb(out, Measure.frames(2.45), out.length))
        .as("the release has fallen")
        .isLessThan(-50);
  }

  @Test
  void aLoopUntilReleasePlaysOnToTheSampleEndAfterTheKeyGoesUp() {
    int frames = 100 * 400;
    short[] pcm = TestFonts.sine(441, 44_100, frames);
    SoundFont font =
        TestFonts.font(
            pcm,
            TestFonts.region(
                0,
                frames,
                1000,
                1300,
                LoopMode.UNTIL_RELEASE,
                69,
                44_100,
                new Envelope(0, 0.005, 0, 0.001, 1.0, 100, 0, 0)));

    float[] out = SynthRun.note(font, 0, 0, 69, 127, Measure.frames(1.0), Measure.frames(2.5));

    // After the key goes up the rest of the sample (38700 frames at 44.1 kHz, 0.878 s at the
    // sample's rate) plays once, then the voice stops.
    double amplitude = Measure.peak(out, Measure.frames(0.5), Measure.frames(1.0));
    assertThat(Measure.maxStep(out, 0, out.length))
        .isLessThan(2 * Measure.sineStep(amplitude, 441));
    assertThat(Measure.rmsDb(out, Measure.frames(1.80), Measure.frames(1.85))).isGreaterThan(-20);
    assertThat(Measure.peak(out, Measure.frames(1.9), out.length)).isZero();
  }

  @ParameterizedTest(name = "program {0}, key {1}")
  @CsvSource({"20, 60", "20, 72", "48, 62", "52, 67", "0, 60"})
  void timGm6mbsLoopedInstrumentsStayWithinTheirSamplesOwnSteps(int program, int key) {
    SoundFont font = RealFonts.timGm6mb();
    Preset preset = font.presetOrFallback(0, program);
    Region[] regions = new Region[8];
    int n = preset.regionsFor(key, 100, regions);
    // The bound: the steepest step of the sample's own frames, relative to their peak, as heard
    // at this key (a step grows with the playback rate), measured over its looped part.
    double steepest = 0;
    for (int r = 0; r < n; r++) {
      assertThat(regions[r].loopMode()).isNotEqualTo(LoopMode.NONE);
      steepest = Math.max(steepest, relativeStep(font.pcm(), regions[r], key));
    }

    float[] out =
        SynthRun.note(font, 0, program, key, 100, Measure.frames(2.0), Measure.frames(2.5));

    double peak = Measure.peak(out, Measure.frames(0.3), Measure.frames(2.0));
    assertThat(peak).isGreaterThan(1e-3);
    assertThat(Measure.maxStep(out, Measure.frames(0.3), Measure.frames(2.0)))
        .as("largest step while held")
        .isLessThan(2 * steepest * peak);
    assertThat(Measure.maxStep(out, Measure.frames(2.0), out.length))
        .as("largest step in the release")
        .isLessThan(2 * steepest * peak);
    assertThat(Measure.maxStep(out, 0, Measure.frames(0.3)))
        .as("largest step in the attack")
        .isLessThan(2 * steepest * Measure.peak(out, 0, Measure.frames(0.3)));
  }

  /** Steepest step between neighbouring loop frames over the loop's peak, at the key's rate. */
  private static double relativeStep(float[] pcm, Region r, int key) {
    double step = 0;
    double peak = 0;
    for (int i = r.loopStart(); i < r.loopEnd(); i++) {
      peak = Math.max(peak, Math.abs(pcm[i]));
      if (i > r.loopStart()) {
        step = Math.max(step, Math.abs(pcm[i] - pcm[i - 1]));
      }
    }
    double rate =
        Math.pow(2, ((key - r.rootKey()) * r.scaleTuningCents() + r.tuneCents()) / 1200.0)
            * r.sampleRate()
            / 48_000;
    // Linear interpolation at a rate below 1 spreads a step over more frames; above 1 a frame
    // spans several sample steps: either way at most the sample's step times the rate, or the
    // sample's step when slower.
    return step / peak * Math.max(1, rate);
  }
}
