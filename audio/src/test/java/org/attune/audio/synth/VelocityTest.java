package org.attune.audio.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.attune.audio.builtin.BuiltinSoundFont;
import org.attune.audio.sf2.SoundFont;
import org.junit.jupiter.api.Test;

class VelocityTest {

  /** The SoundFont default modulator: 960 cB, concave: 40 log10(127 / velocity) dB. */
  private static final double EXPECTED_DB = 40 * Math.log10(127.0 / 64);

  private static double differenceDb(
      SoundFont font, int key, double fromSeconds, double toSeconds) {
    int frames = Measure.frames(toSeconds);
    float[] loud = SynthRun.note(font, 0, 0, key, 127, -1, frames);
    float[] soft = SynthRun.note(font, 0, 0, key, 64, -1, frames);
    int from = Measure.frames(fromSeconds);
    return Measure.rmsDb(loud, from, frames) - Measure.rmsDb(soft, from, frames);
  }

  @Test
  void velocity64IsAbout12DecibelsBelowVelocity127() {
    assertThat(differenceDb(TestFonts.sines(TestFonts.ORGAN, 480), 69, 0.01, 0.2))
        .isCloseTo(EXPECTED_DB, within(0.05));
  }

  @Test
  void theBuiltInPianoFollowsTheDefaultVelocityModulator() {
    assertThat(differenceDb(BuiltinSoundFont.create(), 60, 0.01, 0.3))
        .isCloseTo(EXPECTED_DB, within(0.2));
  }
}
