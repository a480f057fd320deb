package org.attune.form;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FormLimitsTest {

  @Test
  void beatUnitsArePowersOfTwoFromHalfToSixteenthNotes() {
    assertThat(FormLimits.beatUnitsInWords()).isEqualTo("2, 4, 8 or 16");
    for (int unit = -1; unit <= 64; unit++) {
      boolean expected = unit == 2 || unit == 4 || unit == 8 || unit == 16;
      assertThat(FormLimits.isBeatUnit(unit)).as("unit %d", unit).isEqualTo(expected);
    }
  }

  @Test
  void aLabelIsOneTo32PrintableCharacters_stripped_by_theCaller() {
    assertThat(FormLimits.isLabel("B")).isTrue();
    assertThat(FormLimits.isLabel("x".repeat(FormLimits.MAX_LABEL_CHARS))).isTrue();
    assertThat(FormLimits.isLabel("x".repeat(FormLimits.MAX_LABEL_CHARS + 1))).isFalse();
    assertThat(FormLimits.isLabel("")).isFalse();
    assertThat(FormLimits.isLabel("B\u0000")).isFalse();
  }

  @Test
  void uint32ValuesPast2To31ReadAsNegativeAndAreRefused() {
    assertThat(FormLimits.isPitchClass(-1)).isFalse();
    assertThat(FormLimits.isPhraseBars(-1)).isFalse();
    assertThat(FormLimits.isBeatsPerBar(Integer.MIN_VALUE)).isFalse();
    assertThat(FormLimits.isPitchClass(0)).isTrue();
    assertThat(FormLimits.isPitchClass(FormLimits.MAX_PITCH_CLASS)).isTrue();
  }

  @Test
  void aRampOf0IsNoRamp_NaNIsNone() {
    assertThat(FormLimits.isRampBeats(0)).isTrue();
    assertThat(FormLimits.isRampBeats(FormLimits.MAX_RAMP_BEATS)).isTrue();
    assertThat(FormLimits.isRampBeats(Math.nextUp(FormLimits.MAX_RAMP_BEATS))).isFalse();
    assertThat(FormLimits.isRampBeats(-1)).isFalse();
    assertThat(FormLimits.isRampBeats(Double.NaN)).isFalse();
  }
}
