package org.attune.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DisplayTextTest {

  @Test
  void lengthCountsCodePoints_soAnEmojiIsOneCharacter() {
    assertThat(DisplayText.length("B")).isEqualTo(1);
    assertThat("\uD83C\uDFB5".length()).isEqualTo(2);
    assertThat(DisplayText.length("\uD83C\uDFB5")).isEqualTo(1);
    assertThat(DisplayText.length("Jos\u00e9")).isEqualTo(4);
  }

  @Test
  void fits_atTheBound_notOnePast() {
    assertThat(DisplayText.fits("x".repeat(32), 32)).isTrue();
    assertThat(DisplayText.fits("x".repeat(33), 32)).isFalse();
    assertThat(DisplayText.fits("\uD83C\uDFB5".repeat(32), 32)).isTrue();
    assertThat(DisplayText.fits("", 32)).isTrue();
  }

  @Test
  void controlCharactersDoNotFit_otherTextDoes() {
    assertThat(DisplayText.fits("B\u0007", 32)).isFalse();
    assertThat(DisplayText.fits("B\n", 32)).isFalse();
    assertThat(DisplayText.fits("B\u007f", 32)).isFalse();
    assertThat(DisplayText.fits("B\u0085", 32)).isFalse();
    assertThat(DisplayText.isPrintable("Coda \u00e0 deux \uD83C\uDFB5")).isTrue();
  }
}
