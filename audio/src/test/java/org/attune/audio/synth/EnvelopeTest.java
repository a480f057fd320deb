package org.attune.audio.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.attune.audio.sf2.Envelope;
import org.attune.audio.sf2.SoundFont;
import org.junit.jupiter.api.Test;

class EnvelopeTest {

  private static final double SUSTAIN_DB = -12;

  /**
   * Delay 20 ms, attack 100 ms, hold 50 ms, decay 0.5 s (100 dB; 12 dB take 60 ms), sustain -12 dB,
   * release 1 s (100 dB).
   */
  private static final Envelope DAHDSR =
      new Envelope(0.02, 0.1, 0.05, 0.5, Math.pow(10, SUSTAIN_DB / 20), 1.0, 0, 0);

  /** Four periods of the 480 Hz test sine. */
  private static final int WINDOW = 400;

  private final SoundFont shaped = TestFonts.sines(DAHDSR, 480);
  private final double fullDb =
      levelDb(
          SynthRun.note(TestFonts.sines(TestFonts.ORGAN, 480), 0, 0, 69, 100, -1, 24_000), 0.25);

  /** The level of the window centred on {@code seconds}, in dB. */
  private static double levelDb(float[] x, double seconds) {
    int centre = Measure.frames(seconds);
    return Measure.rmsDb(x, centre - WINDOW / 2, centre + WINDOW / 2);
  }

  private double relativeDb(float[] x, double seconds) {
    return levelDb(x, seconds) - fullDb;
  }

  @Test
  void theDelayIsSilentAndTheAttackRisesLinearly() {
    float[] out = SynthRun.note(shaped, 0, 0, 69, 100, -1, Measure.frames(0.3));

    assertThat(Measure.peak(out, 0, Measure.frames(0.02))).isZero();
    assertThat(Measure.onset(out, 0, 0)).isBetween(Measure.frames(0.02), Measure.frames(0.02) + 2);
    assertThat(relativeDb(out, 0.045)).isCloseTo(20 * Math.log10(0.25), within(0.5));
    assertThat(relativeDb(out, 0.07)).isCloseTo(20 * Math.log10(0.5), within(0.3));
    assertThat(relativeDb(out, 0.145)).as("hold").isCloseTo(0, within(0.1));
  }

  @Test
  void aNotesAttackIsTheSameWhereverItFallsInItsBlock() {
    SoundFont font = TestFonts.sines(new Envelope(0, 0.0005, 0, 0.001, 1.0, 0.01, 0, 0), 480);
    float[] early =
        new SynthRun(new Synthesizer(font, 1, 4)).note(0, 69, 100, 64 + 3, -1).render(1024)[0];
    float[] late =
        new SynthRun(new Synthesizer(font, 1, 4)).note(0, 69, 100, 64 + 50, -1).render(1024)[0];

    assertThat(Measure.onset(early, 0, 0)).isEqualTo(64 + 3 + 1);
    assertThat(Measure.onset(late, 0, 0)).isEqualTo(64 + 50 + 1);
    for (int i = 0; i < 400; i++) {
      assertThat(late[64 + 50 + i])
          .as("frame %d of the note", i)
          .isCloseTo(early[64 + 3 + i], within(1e-6f));
    }
  }

  @Test
  void theDecayFallsLinearlyInDecibelsToTheSustainLevel() {
    float[] out = SynthRun.note(shaped, 0, 0, 69, 100, -1, Measure.frames(0.6));

    // The decay starts at 0.17 s and falls 100 dB in 0.5 s: -6 dB at 0.2 s.
    assertThat(relativeDb(out, 0.2)).isCloseTo(-6, within(0.5));
    assertThat(relativeDb(out, 0.3)).isCloseTo(SUSTAIN_DB, within(0.5));
    assertThat(relativeDb(out, 0.55)).isCloseTo(SUSTAIN_DB, within(0.1));
  }

  @Test
  void theReleaseFallsAHundredDecibelsOverTheReleaseTime() {
    float[] out = SynthRun.note(shaped, 0, 0, 69, 100, Measure.frames(1.0), Measure.frames(1.6));

    assertThat(relativeDb(out, 0.99)).isCloseTo(SUSTAIN_DB, within(0.1));
    assertThat(relativeDb(out, 1.1)).isCloseTo(SUSTAIN_DB - 10, within(1.0));
    assertThat(relativeDb(out, 1.2)).isCloseTo(SUSTAIN_DB - 20, within(1.0));
    assertThat(relativeDb(out, 1.5)).isCloseTo(SUSTAIN_DB - 50, within(1.5));
  }

  @Test
  void aReleasedVoiceEndsOnceItIsInaudible() {
    Synthesizer synth = new Synthesizer(shaped, 1, 4);
    List<Integer> voices = new ArrayList<>();
    SynthRun run = new SynthRun(synth).note(0, 69, 100, 0, Measure.frames(1.0));
    for (int t = 0; t < 20; t++) {
      run.at(Measure.frames(0.1 * t), (s, o) -> voices.add(s.activeVoices()));
    }

    float[] out = run.render(Measure.frames(2.0))[0];

    // From -12 dB to the -80 dB at which a voice ends takes 0.68 s of the 1 s release.
    assertThat(voices.subList(1, 17)).containsOnly(1);
    assertThat(voices.subList(18, 20)).containsOnly(0);
    assertThat(Measure.peak(out, Measure.frames(1.7), out.length)).isZero();
    assertThat(relativeDb(out, 1.6)).isCloseTo(SUSTAIN_DB - 60, within(2.0));
  }
}
