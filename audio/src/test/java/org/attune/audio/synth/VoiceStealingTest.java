package org.attune.audio.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.attune.audio.sf2.Envelope;
import org.attune.audio.sf2.SoundFont;
import org.junit.jupiter.api.Test;

class VoiceStealingTest {

  /** Full sustain and a 1 s release, so that a released note still sounds unless stolen. */
  private static final Envelope LONG_RELEASE = new Envelope(0, 0, 0, 0.001, 1.0, 1.0, 0, 0);

  private static final SoundFont FONT = TestFonts.sines(LONG_RELEASE, 480);
  private static final int POLYPHONY = 4;
  private static final int STEAL = 4800;

  /** Two blocks after the steal: the stolen voice has faded. */
  private static final int AFTER = STEAL + 128;

  private final Synthesizer synth = new Synthesizer(FONT, 6, POLYPHONY);

  private static boolean sounds(float[] strip) {
    return Measure.rmsDb(strip, AFTER, AFTER + 960) > -20;
  }

  private static boolean silent(float[] strip) {
    return Measure.peak(strip, AFTER, strip.length) == 0;
  }

  @Test
  void aFifthNoteStealsTheOldestReleasedVoiceFirst() {
    SynthRun run = new SynthRun(synth);
    for (int s = 0; s < 4; s++) {
      run.note(s, 69, 100, 100 * s, -1);
    }
    run.at(1000, (x, o) -> x.noteOff(2, 69, o));
    run.at(1100, (x, o) -> x.noteOff(1, 69, o));
    run.note(4, 69, 100, STEAL, -1);

    float[][] out = run.render(AFTER + 2000);

    assertThat(silent(out[1])).as("strip 1, the oldest released").isTrue();
    assertThat(Measure.rmsDb(out[2], AFTER, AFTER + 960))
        .as("strip 2, released later")
        .isBetween(-30.0, -5.0);
    assertThat(sounds(out[0]) && sounds(out[3]) && sounds(out[4])).isTrue();
    assertThat(synth.voicesStolen()).isEqualTo(1);
  }

  @Test
  void withNoReleasedVoiceTheOldestHeldOneIsStolen() {
    SynthRun run = new SynthRun(synth);
    for (int s = 0; s < 5; s++) {
      run.note(s, 69, 100, s == 4 ? STEAL : 100 * s, -1);
    }

    float[][] out = run.render(AFTER + 2000);

    assertThat(silent(out[0])).isTrue();
    for (int s = 1; s < 5; s++) {
      assertThat(sounds(out[s])).as("strip " + s).isTrue();
    }
  }

  @Test
  void percussionIsKeptOverMelodicNotes() {
    synth.program(0, 128, 0);
    SynthRun run = new SynthRun(synth);
    for (int s = 0; s < 5; s++) {
      run.note(s, 69, 100, s == 4 ? STEAL : 100 * s, -1);
    }

    float[][] out = run.render(AFTER + 2000);

    assertThat(sounds(out[0])).as("the oldest, a drum").isTrue();
    assertThat(silent(out[1])).as("the oldest melodic note").isTrue();
  }

  @Test
  void aStolenVoiceFadesWithoutAClick() {
    SynthRun run = new SynthRun(synth);
    for (int s = 0; s < 5; s++) {
      run.note(s, 69, 100, s == 4 ? STEAL : 100 * s, -1);
    }

    float[] stolen = run.render(AFTER + 2000)[0];

    double amplitude = Measure.peak(stolen, STEAL - 960, STEAL);
    assertThat(amplitude).isGreaterThan(0.1);
    assertThat(Measure.maxStep(stolen, STEAL - 960, AFTER))
        .isLessThan(2 * Measure.sineStep(amplitude, 480));
    assertThat(silent(stolen)).isTrue();
  }

  @Test
  void stolenVoicesAreGoneByTheEndOfTheirBlockSoActiveVoicesStayWithinThePolyphony() {
    SynthRun run = new SynthRun(synth);
    for (int n = 0; n < 200; n++) {
      run.note(n % 6, 40 + n % 50, 100, 7L * n, n % 3 == 0 ? 7L * n + 20 : -1);
    }

    run.render(3000);

    assertThat(run.maxActiveVoices()).isEqualTo(POLYPHONY);
    assertThat(synth.voicesStolen()).isGreaterThan(150);
  }

  @Test
  void aBurstOfStolenNotesInOneBlockNeverCutsAHeldNote() {
    SynthRun run = new SynthRun(synth);
    run.note(0, 69, 100, 0, -1);
    run.note(1, 69, 100, 10, -1);
    run.note(2, 69, 100, 20, -1);
    // Twelve short notes in one block: each steals the one before it, and the fading voices
    // fill every spare slot, so that the last ones must cut a fading voice outright.
    for (int n = 0; n < 12; n++) {
      run.note(3, 50 + n, 100, STEAL + 4 * n, STEAL + 4 * n + 2);
    }

    float[] held = run.render(AFTER + 2000)[0];

    double amplitude = Measure.peak(held, STEAL - 960, STEAL);
    assertThat(Measure.peak(held, AFTER, held.length)).isCloseTo(amplitude, within(1e-3));
    assertThat(Measure.maxStep(held, 0, held.length))
        .isLessThan(2 * Measure.sineStep(amplitude, 480));
  }
}
