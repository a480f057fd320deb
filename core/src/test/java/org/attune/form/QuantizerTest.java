package org.attune.form;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.attune.form.Quantizer.TooSoonException;
import org.attune.protocol.v1.FormState;
import org.attune.protocol.v1.Meter;
import org.attune.protocol.v1.Quantize;
import org.attune.protocol.v1.Quantize.Boundary;
import org.junit.jupiter.api.Test;

class QuantizerTest {

  private static final Quantize NEXT_BEAT = boundary(Boundary.NEXT_BEAT);
  private static final Quantize NEXT_BAR = boundary(Boundary.NEXT_BAR);
  private static final Quantize NEXT_PHRASE = boundary(Boundary.NEXT_PHRASE);

  /** 4/4 with bar lines at 2, 6, 10, ... and four-bar phrases at 2, 18, 34, ... */
  private static final FormState FOUR_FOUR = form(4, 4, 2, 4);

  /** 3/4 with bar lines at 1, 4, 7, ... and two-bar phrases at 1, 7, 13, ... */
  private static final FormState THREE_FOUR = form(3, 4, 1, 2);

  /** 7/8 with bar lines at 3, 10, 17, ... and two-bar phrases at 3, 17, 31, ... */
  private static final FormState SEVEN_EIGHT = form(7, 8, 3, 2);

  @Test
  void nextBeatIsTheNextWholeBeat() throws TooSoonException {
    assertThat(Quantizer.effectiveBeat(NEXT_BEAT, FOUR_FOUR, 7.3)).isEqualTo(8.0);
    assertThat(Quantizer.effectiveBeat(NEXT_BEAT, THREE_FOUR, 4.2)).isEqualTo(5.0);
    assertThat(Quantizer.effectiveBeat(NEXT_BEAT, SEVEN_EIGHT, 10.5)).isEqualTo(11.0);
    assertThat(Quantizer.effectiveBeat(NEXT_BEAT, SEVEN_EIGHT, -0.5)).isEqualTo(0.0);
  }

  @Test
  void nextBarCountsBarsFromTheBarOrigin() throws TooSoonException {
    assertThat(Quantizer.effectiveBeat(NEXT_BAR, FOUR_FOUR, 7.3)).isEqualTo(10.0);
    assertThat(Quantizer.effectiveBeat(NEXT_BAR, FOUR_FOUR, 2.1)).isEqualTo(6.0);
    assertThat(Quantizer.effectiveBeat(NEXT_BAR, THREE_FOUR, 4.2)).isEqualTo(7.0);
    assertThat(Quantizer.effectiveBeat(NEXT_BAR, SEVEN_EIGHT, 10.5)).isEqualTo(17.0);
    assertThat(Quantizer.effectiveBeat(NEXT_BAR, SEVEN_EIGHT, 3.01)).isEqualTo(10.0);
  }

  @Test
  void nextBarBeforeTheOriginCountsBackwardsFromIt() throws TooSoonException {
    FormState late = form(4, 4, 10, 4);

    assertThat(Quantizer.effectiveBeat(NEXT_BAR, late, 3)).isEqualTo(6.0);
    assertThat(Quantizer.effectiveBeat(NEXT_BAR, late, -1.5)).isEqualTo(2.0);
  }

  @Test
  void nextPhraseCountsPhrasesFromTheBarOrigin() throws TooSoonException {
    assertThat(Quantizer.effectiveBeat(NEXT_PHRASE, FOUR_FOUR, 7.3)).isEqualTo(18.0);
    assertThat(Quantizer.effectiveBeat(NEXT_PHRASE, THREE_FOUR, 4.2)).isEqualTo(7.0);
    assertThat(Quantizer.effectiveBeat(NEXT_PHRASE, THREE_FOUR, 7.5)).isEqualTo(13.0);
    assertThat(Quantizer.effectiveBeat(NEXT_PHRASE, SEVEN_EIGHT, 10.5)).isEqualTo(17.0);
    assertThat(Quantizer.effectiveBeat(NEXT_PHRASE, SEVEN_EIGHT, 17.2)).isEqualTo(31.0);
  }

  @Test
  void earliestBeatExactlyOnABoundaryStays() throws TooSoonException {
    assertThat(Quantizer.effectiveBeat(NEXT_BEAT, SEVEN_EIGHT, 11)).isEqualTo(11.0);
    assertThat(Quantizer.effectiveBeat(NEXT_BAR, SEVEN_EIGHT, 10)).isEqualTo(10.0);
    assertThat(Quantizer.effectiveBeat(NEXT_PHRASE, SEVEN_EIGHT, 17)).isEqualTo(17.0);
    assertThat(Quantizer.effectiveBeat(NEXT_BAR, THREE_FOUR, 7)).isEqualTo(7.0);
    assertThat(Quantizer.effectiveBeat(NEXT_BAR, FOUR_FOUR, 2))
        .as("the origin itself")
        .isEqualTo(2.0);
  }

  @Test
  void earliestBeatARoundingErrorPastABoundaryStaysOnIt() throws TooSoonException {
    assertThat(Quantizer.effectiveBeat(NEXT_BEAT, FOUR_FOUR, 8 + 1e-12)).isEqualTo(8.0);
    assertThat(Quantizer.effectiveBeat(NEXT_BAR, FOUR_FOUR, 10 + 1e-12)).isEqualTo(10.0);
    assertThat(Quantizer.effectiveBeat(NEXT_BAR, FOUR_FOUR, 10 + 1e-6)).isEqualTo(14.0);
  }

  @Test
  void phraseBarsOfTheCommandOverrideTheForms() throws TooSoonException {
    FormState fourBarPhrases = form(4, 4, 0, 4);
    Quantize twoBarPhrase = boundary(Boundary.NEXT_PHRASE).toBuilder().setPhraseBars(2).build();

    assertThat(Quantizer.effectiveBeat(NEXT_PHRASE, fourBarPhrases, 1)).isEqualTo(16.0);
    assertThat(Quantizer.effectiveBeat(twoBarPhrase, fourBarPhrases, 1)).isEqualTo(8.0);
    assertThat(Quantizer.effectiveBeat(twoBarPhrase, fourBarPhrases, 9)).isEqualTo(16.0);
  }

  @Test
  void phraseOfNoBarsIsOneBar() throws TooSoonException {
    assertThat(Quantizer.effectiveBeat(NEXT_PHRASE, form(4, 4, 0, 0), 1)).isEqualTo(4.0);
  }

  @Test
  void meterWithoutBeatsCountsEveryBeatAsABar() throws TooSoonException {
    assertThat(Quantizer.effectiveBeat(NEXT_BAR, form(0, 4, 0, 4), 2.5)).isEqualTo(3.0);
  }

  @Test
  void atBeatIsTakenAsGiven() throws TooSoonException {
    assertThat(Quantizer.effectiveBeat(atBeat(12.5), FOUR_FOUR, 10)).isEqualTo(12.5);
    assertThat(Quantizer.effectiveBeat(atBeat(10), FOUR_FOUR, 10))
        .as("exactly the earliest")
        .isEqualTo(10.0);
    assertThat(Quantizer.effectiveBeat(atBeat(10), FOUR_FOUR, 10 + 1e-12))
        .as("within rounding")
        .isEqualTo(10.0);
  }

  @Test
  void atBeatSoonerThanTheEarliestIsTooSoon() {
    assertThatThrownBy(() -> Quantizer.effectiveBeat(atBeat(9.5), FOUR_FOUR, 10))
        .isInstanceOf(TooSoonException.class)
        .hasMessageStartingWith("beat 9")
        .hasMessageContaining("is too soon: the earliest beat every member can prepare for is 10");
    assertThatThrownBy(() -> Quantizer.effectiveBeat(atBeat(3), THREE_FOUR, 4.2))
        .isInstanceOf(TooSoonException.class);
  }

  @Test
  void unrecognizedBoundaryIsRefused() {
    Quantize unknown = Quantize.newBuilder().setBoundaryValue(99).build();

    assertThatThrownBy(() -> Quantizer.effectiveBeat(unknown, FOUR_FOUR, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown quantization");
  }

  private static Quantize boundary(Boundary boundary) {
    return Quantize.newBuilder().setBoundary(boundary).build();
  }

  private static Quantize atBeat(double beat) {
    return Quantize.newBuilder().setBoundary(Boundary.AT_BEAT).setAtBeat(beat).build();
  }

  private static FormState form(int beatsPerBar, int beatUnit, double origin, int phraseBars) {
    return FormStates.initial().toBuilder()
        .setMeter(Meter.newBuilder().setBeatsPerBar(beatsPerBar).setBeatUnit(beatUnit))
        .setBarOriginBeat(origin)
        .setPhraseBars(phraseBars)
        .build();
  }
}
