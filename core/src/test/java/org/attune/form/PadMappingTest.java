package org.attune.form;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import org.attune.protocol.v1.FormState;
import org.attune.protocol.v1.Key;
import org.attune.protocol.v1.Meter;
import org.attune.protocol.v1.Mode;
import org.attune.protocol.v1.PadLayer;
import org.attune.protocol.v1.Progression;
import org.junit.jupiter.api.Test;

class PadMappingTest {

  private static final Set<Mode> MODES = EnumSet.complementOf(EnumSet.of(Mode.UNRECOGNIZED));

  @Test
  void padsOneToTheScaleLengthPlayTheScaleUpFromTheTonicNearMiddleC() {
    for (Mode mode : MODES) {
      int[] scale = Scales.intervals(mode);
      for (int tonic = 0; tonic < 12; tonic++) {
        FormState form = in(tonic, mode);
        for (int degree = 1; degree <= scale.length; degree++) {
          assertThat(scalePad(form, degree))
              .as("%s on %d, pad %d", mode, tonic, degree)
              .isEqualTo(60 + tonic + scale[degree - 1]);
        }
      }
    }
  }

  @Test
  void padPastTheScaleIsTheFirstPadAnOctaveUp() {
    for (Mode mode : MODES) {
      int length = Scales.intervals(mode).length;
      for (int tonic = 0; tonic < 12; tonic++) {
        FormState form = in(tonic, mode);
        assertThat(scalePad(form, length + 1))
            .as("%s on %d", mode, tonic)
            .isEqualTo(60 + tonic + 12);
        assertThat(scalePad(form, length + 2)).isEqualTo(scalePad(form, 2) + 12);
      }
    }
  }

  @Test
  void padZeroIsTheLastScaleToneAnOctaveDown() {
    for (Mode mode : MODES) {
      int[] scale = Scales.intervals(mode);
      for (int tonic = 0; tonic < 12; tonic++) {
        FormState form = in(tonic, mode);
        assertThat(scalePad(form, 0))
            .as("%s on %d", mode, tonic)
            .isEqualTo(48 + tonic + scale[scale.length - 1])
            .isEqualTo(scalePad(form, scale.length) - 12);
        assertThat(scalePad(form, 1 - scale.length)).isEqualTo(48 + tonic);
      }
    }
  }

  @Test
  void everyPadOfEveryModeAndTonicIsInTheScaleAndInMidiRange() {
    for (Mode mode : MODES) {
      int[] scale = Scales.intervals(mode);
      for (int tonic = 0; tonic < 12; tonic++) {
        FormState form = in(tonic, mode);
        for (int degree = PadMapping.MIN_DEGREE; degree <= PadMapping.MAX_DEGREE; degree++) {
          int pitch = scalePad(form, degree);
          int step = Math.floorMod(pitch - tonic, 12);
          assertThat(pitch).as("%s on %d, pad %d", mode, tonic, degree).isBetween(0, 127);
          assertThat(scale).as("%s on %d, pad %d is %d", mode, tonic, degree, pitch).contains(step);
        }
      }
    }
  }

  @Test
  void padsRiseWithTheDegreeUntilTheTopOfTheMidiRange() {
    for (Mode mode : MODES) {
      for (int tonic = 0; tonic < 12; tonic++) {
        FormState form = in(tonic, mode);
        for (int degree = PadMapping.MIN_DEGREE; degree < PadMapping.MAX_DEGREE; degree++) {
          int next = scalePad(form, degree + 1);
          if (next > scalePad(form, degree)) {
            continue;
          }
          assertThat(scalePad(form, degree))
              .as("%s on %d, pad %d", mode, tonic, degree)
              .isGreaterThan(127 - 12);
        }
      }
    }
  }

  @Test
  void padsFarOutOfRangeFoldBackIntoTheTopAndBottomOctaves() {
    FormState bMajor = in(11, Mode.MAJOR);

    assertThat(scalePad(bMajor, PadMapping.MAX_DEGREE)).isEqualTo(130 - 12);
    for (int degree : new int[] {PadMapping.MAX_DEGREE, 100, 1_000}) {
      int pitch = scalePad(bMajor, degree);
      assertThat(pitch).as("pad %d", degree).isBetween(127 - 11, 127);
      assertThat(Scales.intervals(Mode.MAJOR)).contains(Math.floorMod(pitch - 11, 12));
    }
    for (int degree : new int[] {-50, -1_000}) {
      int pitch = scalePad(bMajor, degree);
      assertThat(pitch).as("pad %d", degree).isBetween(0, 11);
      assertThat(Scales.intervals(Mode.MAJOR)).contains(Math.floorMod(pitch - 11, 12));
    }
  }

  @Test
  void chordPadsFollowTheProgressionBarByBar() {
    FormState form = withProgression(FormStates.initial(), 0, "I", "IV", "V");

    assertThat(chordPads(form, 0, 1, 2, 3)).as("bar 1: C").containsExactly(60, 64, 67);
    assertThat(chordPads(form, 5, 1, 2, 3)).as("beat 5 is bar 2: F").containsExactly(65, 69, 72);
    assertThat(chordPads(form, 8, 1, 2, 3)).as("bar 3: G").containsExactly(67, 71, 74);
    assertThat(chordPads(form, 12, 1, 2, 3)).as("bar 4 loops to C").containsExactly(60, 64, 67);
  }

  @Test
  void chordPadsPastTheChordGoUpAnOctave() {
    FormState form = withProgression(FormStates.initial(), 0, "IV");

    assertThat(chordPads(form, 0, 4, 5, 6, 0)).containsExactly(77, 81, 84, 60);
  }

  @Test
  void seventhChordPadsIncludeTheSeventh() {
    FormState form = withProgression(FormStates.initial(), 0, "V7");

    assertThat(chordPads(form, 0, 1, 2, 3, 4, 5)).containsExactly(67, 71, 74, 77, 79);
  }

  @Test
  void chordPadsWithoutAProgressionPlayTheHomeChord() {
    assertThat(chordPads(FormStates.initial(), 17, 1, 2, 3)).containsExactly(60, 64, 67);
    assertThat(chordPads(in(9, Mode.NATURAL_MINOR), 17, 1, 2, 3))
        .as("A minor")
        .containsExactly(69, 72, 76);
  }

  @Test
  void chordPadsFollowTheModeOfTheKey() {
    FormState dDorian = withProgression(in(2, Mode.DORIAN), 0, "IV", "i");

    assertThat(chordPads(dDorian, 0, 1, 2, 3)).as("G major").containsExactly(67, 71, 74);
    assertThat(chordPads(dDorian, 4, 1, 2, 3)).as("D minor").containsExactly(62, 65, 69);
  }

  @Test
  void chordBarsFollowTheMeter() {
    FormState waltz =
        withProgression(FormStates.initial(), 0, "I", "V").toBuilder()
            .setMeter(Meter.newBuilder().setBeatsPerBar(3).setBeatUnit(4))
            .build();

    assertThat(chordPads(waltz, 2.5, 1)).containsExactly(60);
    assertThat(chordPads(waltz, 3, 1)).containsExactly(67);
  }

  @Test
  void everyChordPadIsAChordTone() {
    String[] chords = {"I", "ii", "iii", "IV", "V7", "vi", "vii°", "bVII", "Imaj7", "iiø7", "III+"};
    for (Mode mode : MODES) {
      for (int tonic = 0; tonic < 12; tonic++) {
        Key key = Key.newBuilder().setTonic(tonic).setMode(mode).build();
        FormState form = withProgression(in(tonic, mode), 0, chords);
        for (int bar = 0; bar < chords.length; bar++) {
          RomanChord chord = RomanChord.parse(chords[bar]);
          int root = chord.rootPitchClass(key);
          for (int degree = PadMapping.MIN_DEGREE; degree <= PadMapping.MAX_DEGREE; degree++) {
            int pitch = PadMapping.pitch(form, 4.0 * bar, degree, PadLayer.CHORD);
            int tone = Math.floorMod(pitch - root, 12);
            assertThat(pitch).isBetween(0, 127);
            assertThat(chord.intervals())
                .as("%s in %s on %d, pad %d", chords[bar], mode, tonic, degree)
                .contains(tone);
          }
        }
      }
    }
  }

  @Test
  void scalePadsIgnoreTheChord() {
    FormState form = withProgression(FormStates.initial(), 0, "I", "IV", "V");

    assertThat(scalePad(form, 1))
        .isEqualTo(PadMapping.pitch(form, 5, 1, PadLayer.SCALE))
        .isEqualTo(60);
  }

  @Test
  void unrecognizedModeIsRefused() {
    FormState form =
        FormStates.initial().toBuilder()
            .setKey(Key.newBuilder().setTonic(0).setModeValue(99))
            .build();

    assertThatThrownBy(() -> scalePad(form, 1)).isInstanceOf(IllegalArgumentException.class);
  }

  private static FormState in(int tonic, Mode mode) {
    return FormStates.initial().toBuilder()
        .setKey(Key.newBuilder().setTonic(tonic).setMode(mode))
        .build();
  }

  private static FormState withProgression(FormState form, double startBeat, String... chords) {
    return form.toBuilder()
        .setProgression(
            Progression.newBuilder().addAllChords(Arrays.asList(chords)).setStartBeat(startBeat))
        .build();
  }

  private static int scalePad(FormState form, int degree) {
    return PadMapping.pitch(form, 0, degree, PadLayer.SCALE);
  }

  private static int[] chordPads(FormState form, double beat, int... degrees) {
    return Arrays.stream(degrees)
        .map(d -> PadMapping.pitch(form, beat, d, PadLayer.CHORD))
        .toArray();
  }
}
