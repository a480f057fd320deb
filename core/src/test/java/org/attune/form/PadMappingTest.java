package org.attune.form;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.attune.protocol.v1.FormState;
import org.attune.protocol.v1.Key;
import org.attune.protocol.v1.Mode;
import org.attune.protocol.v1.PadLayer;
import org.attune.protocol.v1.Progression;
import org.attune.protocol.v1.Quantize;
import org.junit.jupiter.api.Test;

class PadMappingTest {

  private static FormState in(int tonic, Mode mode) {
    return FormStates.initial().toBuilder()
        .setKey(Key.newBuilder().setTonic(tonic).setMode(mode)).build();
  }

  @Test
  void everyPadOfEveryModeAndTonicIsInTheScale() {
    for (Mode mode : Mode.values()) {
      if (mode == Mode.UNRECOGNIZED) {
        continue;
      }
      int[] scale = Scales.intervals(mode);
      for (int tonic = 0; tonic < 12; tonic++) {
        FormState form = in(tonic, mode);
        for (int i = 0; i < scale.length; i++) {
          assertThat(PadMapping.pitch(form, 0, i + 1, PadLayer.SCALE))
              .isEqualTo(60 + tonic + scale[i]);
        }
        assertThat(PadMapping.pitch(form, 0, scale.length + 1, PadLayer.SCALE))
            .isEqualTo(60 + tonic + 12);
        assertThat(PadMapping.pitch(form, 0, 0, PadLayer.SCALE))
            .isEqualTo(48 + tonic + scale[scale.length - 1]);
        for (int degree = PadMapping.MIN_DEGREE; degree <= PadMapping.MAX_DEGREE; degree++) {
          int pc = Math.floorMod(PadMapping.pitch(form, 0, degree, PadLayer.SCALE) - tonic, 12);
          int d = degree;
          assertThat(Arrays.stream(scale).anyMatch(s -> s == pc)).as("%s %d pad %d", mode, tonic, d)
              .isTrue();
        }
      }
    }
  }

  @Test
  void chordPadsFollowTheProgressionBarByBar() {
    FormState form = FormStates.initial().toBuilder()
        .setProgression(Progression.newBuilder().addChords("I").addChords("IV").addChords("V"))
        .build();
    assertThat(PadMapping.pitch(form, 5, 1, PadLayer.CHORD)).isEqualTo(65);
    assertThat(PadMapping.pitch(form, 5, 2, PadLayer.CHORD)).isEqualTo(69);
    assertThat(PadMapping.pitch(form, 5, 3, PadLayer.CHORD)).isEqualTo(72);
    assertThat(PadMapping.pitch(form, 12, 1, PadLayer.CHORD)).as("loops to I").isEqualTo(60);
  }

  @Test
  void romanNumeralsFollowTheMode() {
    Key dDorian = Key.newBuilder().setTonic(2).setMode(Mode.DORIAN).build();
    assertThat(RomanChord.parse("IV").nameIn(dDorian)).isEqualTo("G");
    Key cMajor = Key.newBuilder().setTonic(0).setMode(Mode.MAJOR).build();
    assertThat(RomanChord.parse("bVII").nameIn(cMajor)).isEqualTo("Bb");
    assertThat(RomanChord.parse("V7").intervals()).containsExactly(0, 4, 7, 10);
    assertThat(RomanChord.parse("ii").nameIn(cMajor)).isEqualTo("Dm");
    assertThatThrownBy(() -> RomanChord.parse("X")).hasMessageContaining("Roman");
  }

  @Test
  void quantizationFindsTheNextBoundary() throws Exception {
    FormState threeFour = FormStates.initial().toBuilder()
        .setMeter(org.attune.protocol.v1.Meter.newBuilder().setBeatsPerBar(3).setBeatUnit(4))
        .setBarOriginBeat(1).setPhraseBars(2).build();
    Quantize beat = Quantize.newBuilder().setBoundary(Quantize.Boundary.NEXT_BEAT).build();
    Quantize bar = Quantize.newBuilder().setBoundary(Quantize.Boundary.NEXT_BAR).build();
    Quantize phrase = Quantize.newBuilder().setBoundary(Quantize.Boundary.NEXT_PHRASE).build();
    assertThat(Quantizer.effectiveBeat(beat, threeFour, 4.2)).isEqualTo(5);
    assertThat(Quantizer.effectiveBeat(bar, threeFour, 4.2)).isEqualTo(7);
    assertThat(Quantizer.effectiveBeat(bar, threeFour, 7)).as("on the line stays").isEqualTo(7);
    assertThat(Quantizer.effectiveBeat(phrase, threeFour, 4.2)).isEqualTo(7);
    assertThat(Quantizer.effectiveBeat(phrase, threeFour, 7.5)).isEqualTo(13);
    Quantize tooSoon = Quantize.newBuilder().setBoundary(Quantize.Boundary.AT_BEAT)
        .setAtBeat(3).build();
    assertThatThrownBy(() -> Quantizer.effectiveBeat(tooSoon, threeFour, 4.2))
        .isInstanceOf(Quantizer.TooSoonException.class);
  }
}
