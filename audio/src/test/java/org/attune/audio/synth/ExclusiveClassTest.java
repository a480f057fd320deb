package org.attune.audio.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.attune.audio.builtin.BuiltinSoundFont;
import org.attune.audio.sf2.SoundFont;
import org.junit.jupiter.api.Test;

class ExclusiveClassTest {

  private static final int OPEN_HI_HAT = 46;
  private static final int CLOSED_HI_HAT = 42;

  /** Mid-block, 0.3 s in. */
  private static final int CLOSED_AT = 14_420;

  /** Two blocks after the closed hat: the open one should be gone. */
  private static final int CHOKED_BY = CLOSED_AT + 2 * 64;

  private static final int END = CLOSED_AT + 24_000;

  private static float[] hits(SoundFont font, boolean open, boolean closed) {
    Synthesizer synth = new Synthesizer(font, 1, 16);
    synth.program(0, SoundFont.PERCUSSION_BANK, 0);
    SynthRun run = new SynthRun(synth);
    if (open) {
      run.at(0, (s, o) -> s.hit(0, OPEN_HI_HAT, 100, o));
    }
    if (closed) {
      run.at(CLOSED_AT, (s, o) -> s.hit(0, CLOSED_HI_HAT, 100, o));
    }
    return run.render(END)[0];
  }

  private static void closedHiHatChokesOpenHiHat(SoundFont font) {
    float[] openAlone = hits(font, true, false);
    // Both hats less the closed hat alone: what is left of the open one.
    float[] openLeft = Measure.difference(hits(font, true, true), hits(font, false, true));

    double ringing = Measure.rmsDb(openAlone, CHOKED_BY, END);
    assertThat(ringing)
        .as("the open hi-hat rings on by itself")
        .isGreaterThan(Measure.rmsDb(openAlone, 0, 2400) - 25);
    assertThat(Measure.rmsDb(openLeft, 0, CLOSED_AT - 64))
        .isCloseTo(Measure.rmsDb(openAlone, 0, CLOSED_AT - 64), within(0.01));
    assertThat(Measure.rmsDb(openLeft, CHOKED_BY, END)).isLessThan(ringing - 60);
  }

  @Test
  void closedHiHatChokesOpenHiHatInTimGm6mb() {
    closedHiHatChokesOpenHiHat(RealFonts.timGm6mb());
  }

  @Test
  void closedHiHatChokesOpenHiHatInTheBuiltInKit() {
    closedHiHatChokesOpenHiHat(BuiltinSoundFont.create());
  }
}
