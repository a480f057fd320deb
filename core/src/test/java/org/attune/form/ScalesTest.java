package org.attune.form;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.Set;
import org.attune.protocol.v1.Mode;
import org.junit.jupiter.api.Test;

class ScalesTest {

  private static final Set<Mode> MODES = EnumSet.complementOf(EnumSet.of(Mode.UNRECOGNIZED));
  private static final int[] MAJOR = {0, 2, 4, 5, 7, 9, 11};

  @Test
  void everyScaleStartsOnTheTonicAndRisesWithinAnOctave() {
    for (Mode mode : MODES) {
      int[] scale = Scales.intervals(mode);
      assertThat(scale[0]).as("%s", mode).isZero();
      for (int i = 1; i < scale.length; i++) {
        assertThat(scale[i])
            .as("%s degree %d", mode, i + 1)
            .isGreaterThan(scale[i - 1])
            .isLessThan(12);
      }
    }
  }

  @Test
  void scalesHaveSevenNotesExceptPentatonicAndBlues() {
    for (Mode mode : MODES) {
      int expected =
          switch (mode) {
            case MAJOR_PENTATONIC, MINOR_PENTATONIC -> 5;
            case BLUES -> 6;
            default -> 7;
          };
      assertThat(Scales.intervals(mode)).as("%s", mode).hasSize(expected);
    }
  }

  @Test
  void churchModesAreRotationsOfTheMajorScale() {
    Mode[] rotations = {
      Mode.IONIAN,
      Mode.DORIAN,
      Mode.PHRYGIAN,
      Mode.LYDIAN,
      Mode.MIXOLYDIAN,
      Mode.AEOLIAN,
      Mode.LOCRIAN
    };
    for (int r = 0; r < rotations.length; r++) {
      int[] expected = new int[7];
      for (int i = 0; i < 7; i++) {
        expected[i] = Math.floorMod(MAJOR[(r + i) % 7] - MAJOR[r], 12);
      }
      assertThat(Scales.intervals(rotations[r])).as("%s", rotations[r]).containsExactly(expected);
    }
  }

  @Test
  void majorIsIonianAndNaturalMinorIsAeolian() {
    assertThat(Scales.intervals(Mode.MAJOR)).containsExactly(Scales.intervals(Mode.IONIAN));
    assertThat(Scales.intervals(Mode.NATURAL_MINOR))
        .containsExactly(Scales.intervals(Mode.AEOLIAN));
  }

  @Test
  void nonDiatonicScalesHaveTheirTextbookSteps() {
    assertThat(Scales.intervals(Mode.HARMONIC_MINOR)).containsExactly(0, 2, 3, 5, 7, 8, 11);
    assertThat(Scales.intervals(Mode.MAJOR_PENTATONIC)).containsExactly(0, 2, 4, 7, 9);
    assertThat(Scales.intervals(Mode.MINOR_PENTATONIC)).containsExactly(0, 3, 5, 7, 10);
    assertThat(Scales.intervals(Mode.BLUES)).containsExactly(0, 3, 5, 6, 7, 10);
  }

  @Test
  void intervalsAreACopy() {
    Scales.intervals(Mode.MAJOR)[1] = 99;

    assertThat(Scales.intervals(Mode.MAJOR)).containsExactly(MAJOR);
  }

  @Test
  void unrecognizedModeIsRefused() {
    assertThatThrownBy(() -> Scales.intervals(Mode.UNRECOGNIZED))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown mode");
  }

  @Test
  void pentatonicAndBluesBorrowTheChordsOfTheirSevenNoteParent() {
    assertThat(Scales.harmonicParent(Mode.MAJOR_PENTATONIC)).isEqualTo(Mode.MAJOR);
    assertThat(Scales.harmonicParent(Mode.MINOR_PENTATONIC)).isEqualTo(Mode.NATURAL_MINOR);
    assertThat(Scales.harmonicParent(Mode.BLUES)).isEqualTo(Mode.NATURAL_MINOR);
    for (Mode mode : MODES) {
      assertThat(Scales.intervals(Scales.harmonicParent(mode))).as("%s", mode).hasSize(7);
      for (int step : Scales.intervals(mode)) {
        if (mode != Mode.BLUES) {
          assertThat(Scales.intervals(Scales.harmonicParent(mode))).as("%s", mode).contains(step);
        }
      }
    }
  }

  @Test
  void modesWithAMinorThirdAreMinor() {
    Set<Mode> minor =
        EnumSet.of(
            Mode.NATURAL_MINOR,
            Mode.AEOLIAN,
            Mode.DORIAN,
            Mode.PHRYGIAN,
            Mode.LOCRIAN,
            Mode.HARMONIC_MINOR,
            Mode.MINOR_PENTATONIC,
            Mode.BLUES);
    for (Mode mode : MODES) {
      assertThat(Scales.isMinor(mode)).as("%s", mode).isEqualTo(minor.contains(mode));
    }
  }

  @Test
  void noteNamesParseToPitchClasses() {
    assertThat(Scales.pitchClass("C")).isZero();
    assertThat(Scales.pitchClass("c")).isZero();
    assertThat(Scales.pitchClass("F#")).isEqualTo(6);
    assertThat(Scales.pitchClass("Bb")).isEqualTo(10);
    assertThat(Scales.pitchClass("bb")).as("note b, then a flat").isEqualTo(10);
    assertThat(Scales.pitchClass(" a ")).isEqualTo(9);
    assertThat(Scales.pitchClass("E♭")).isEqualTo(3);
    assertThat(Scales.pitchClass("G♯")).isEqualTo(8);
  }

  @Test
  void accidentalsWrapAroundTheOctave() {
    assertThat(Scales.pitchClass("Cb")).isEqualTo(11);
    assertThat(Scales.pitchClass("B#")).isZero();
    assertThat(Scales.pitchClass("C##")).isEqualTo(2);
    assertThat(Scales.pitchClass("Dbb")).isZero();
  }

  @Test
  void badNoteNamesAreRefused() {
    for (String name : new String[] {"", "  ", "H", "X#", "C#x", "Cm", "1", "Do"}) {
      assertThatThrownBy(() -> Scales.pitchClass(name))
          .as("\"%s\"", name)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageMatching("(not a note name: .*|empty note name)");
    }
  }

  @Test
  void everyPitchClassHasANameThatParsesBack() {
    for (int pc = 0; pc < 12; pc++) {
      assertThat(Scales.pitchClass(Scales.noteName(pc))).isEqualTo(pc);
    }
    assertThat(Scales.noteName(6)).isEqualTo("F#");
    assertThat(Scales.noteName(10)).isEqualTo("Bb");
    assertThat(Scales.noteName(-1)).isEqualTo("B");
    assertThat(Scales.noteName(14)).isEqualTo("D");
  }
}
