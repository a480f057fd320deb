package org.attune.audio.synth;

import static org.assertj.core.api.Assertions.assertThat;

import org.attune.audio.builtin.BuiltinSoundFont;
import org.attune.audio.sf2.SoundFont;
import org.junit.jupiter.api.Test;

class DeterminismTest {

  /** Chords, drums, releases and steals on three strips, two seconds of them. */
  private static float[][] session(SoundFont font) {
    Synthesizer synth = new Synthesizer(font, 3, 12);
    synth.program(1, 0, 48);
    synth.program(2, SoundFont.PERCUSSION_BANK, 0);
    SynthRun run = new SynthRun(synth);
    for (int n = 0; n < 40; n++) {
      long at = 2_311L * n + 17 * (n % 5);
      run.note(0, 48 + (n * 7) % 24, 40 + (n * 13) % 87, at, at + 3_000 + 500 * (n % 4));
      run.note(1, 60 + (n * 5) % 12, 90, at + 900, at + 9_000);
      run.at(at + 1_200, (s, o) -> s.hit(2, 36 + (at % 11 == 0 ? 6 : 2), 110, o));
    }
    return run.render(Measure.frames(2.2));
  }

  private static void rendersBitIdentically(SoundFont font) {
    float[][] first = session(font);
    float[][] second = session(font);
    for (int s = 0; s < first.length; s++) {
      assertThat(Measure.rmsDb(first[s], 0, first[s].length))
          .as("strip " + s + " sounds")
          .isGreaterThan(-50);
      assertThat(second[s]).as("strip " + s).isEqualTo(first[s]);
    }
  }

  @Test
  void theSameNotesRenderBitIdenticalSamplesWithTheBuiltInFont() {
    rendersBitIdentically(BuiltinSoundFont.create());
  }

  @Test
  void theSameNotesRenderBitIdenticalSamplesWithTimGm6mb() {
    rendersBitIdentically(RealFonts.timGm6mb());
  }
}
