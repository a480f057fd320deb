package org.attune.form;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.attune.form.RomanChord.Quality;
import org.attune.form.RomanChord.Seventh;
import org.attune.protocol.v1.Key;
import org.attune.protocol.v1.Mode;
import org.junit.jupiter.api.Test;

class RomanChordTest {

  private static final Key C_MAJOR = key(0, Mode.MAJOR);

  @Test
  void diatonicTriadsOfCMajorHaveTheirRootsAndQualities() {
    String[] symbols = {"I", "ii", "iii", "IV", "V", "vi", "vii°"};
    int[] roots = {0, 2, 4, 5, 7, 9, 11};
    Quality[] qualities = {
      Quality.MAJOR,
      Quality.MINOR,
      Quality.MINOR,
      Quality.MAJOR,
      Quality.MAJOR,
      Quality.MINOR,
      Quality.DIMINISHED
    };
    String[] names = {"C", "Dm", "Em", "F", "G", "Am", "Bdim"};

    for (int i = 0; i < symbols.length; i++) {
      RomanChord chord = RomanChord.parse(symbols[i]);
      assertThat(chord.degree()).as(symbols[i]).isEqualTo(i + 1);
      assertThat(chord.rootPitchClass(C_MAJOR)).as(symbols[i]).isEqualTo(roots[i]);
      assertThat(chord.quality()).as(symbols[i]).isEqualTo(qualities[i]);
      assertThat(chord.seventh()).as(symbols[i]).isEqualTo(Seventh.NONE);
      assertThat(chord.nameIn(C_MAJOR)).isEqualTo(names[i]);
    }
  }

  @Test
  void qualitiesHaveTheirTriads() {
    assertThat(RomanChord.parse("I").intervals()).containsExactly(0, 4, 7);
    assertThat(RomanChord.parse("i").intervals()).containsExactly(0, 3, 7);
    assertThat(RomanChord.parse("vii°").intervals()).containsExactly(0, 3, 6);
    assertThat(RomanChord.parse("viio").intervals()).containsExactly(0, 3, 6);
    assertThat(RomanChord.parse("viidim").intervals()).containsExactly(0, 3, 6);
    assertThat(RomanChord.parse("III+").intervals()).containsExactly(0, 4, 8);
    assertThat(RomanChord.parse("IIIaug").intervals()).containsExactly(0, 4, 8);
  }

  @Test
  void numeralsNameDegreesOfTheKeysMode() {
    Key dDorian = key(2, Mode.DORIAN);

    assertThat(RomanChord.parse("IV").rootPitchClass(dDorian)).isEqualTo(7);
    assertThat(RomanChord.parse("IV").nameIn(dDorian)).isEqualTo("G");
    assertThat(RomanChord.parse("bIII").rootPitchClass(key(9, Mode.MAJOR))).isZero();
    assertThat(RomanChord.parse("III").rootPitchClass(key(9, Mode.NATURAL_MINOR))).isZero();
    assertThat(RomanChord.parse("II").nameIn(key(4, Mode.PHRYGIAN))).isEqualTo("F");
    assertThat(RomanChord.parse("V").nameIn(key(9, Mode.HARMONIC_MINOR))).isEqualTo("E");
  }

  @Test
  void pentatonicAndBluesNumeralsUseTheParentMode() {
    assertThat(RomanChord.parse("vi").nameIn(key(0, Mode.MAJOR_PENTATONIC))).isEqualTo("Am");
    assertThat(RomanChord.parse("IV").nameIn(key(0, Mode.MAJOR_PENTATONIC))).isEqualTo("F");
    assertThat(RomanChord.parse("VII").nameIn(key(9, Mode.MINOR_PENTATONIC))).isEqualTo("G");
    assertThat(RomanChord.parse("iv7").nameIn(key(9, Mode.BLUES))).isEqualTo("Dm7");
  }

  @Test
  void accidentalsAlterTheRoot() {
    assertThat(RomanChord.parse("bVII").rootPitchClass(C_MAJOR)).isEqualTo(10);
    assertThat(RomanChord.parse("bVII").nameIn(C_MAJOR)).isEqualTo("Bb");
    assertThat(RomanChord.parse("bVII").accidental()).isEqualTo(-1);
    assertThat(RomanChord.parse("#iv°").rootPitchClass(C_MAJOR)).isEqualTo(6);
    assertThat(RomanChord.parse("#iv°").nameIn(C_MAJOR)).isEqualTo("F#dim");
    assertThat(RomanChord.parse("bII").nameIn(C_MAJOR)).isEqualTo("C#");
  }

  @Test
  void accidentalsWrapAroundTheOctave() {
    assertThat(RomanChord.parse("#VII").rootOffset(C_MAJOR)).isZero();
    assertThat(RomanChord.parse("bI").rootOffset(C_MAJOR)).isEqualTo(11);
    assertThat(RomanChord.parse("bI").rootPitchClass(key(0, Mode.MAJOR))).isEqualTo(11);
  }

  @Test
  void seventhChordsAddTheirSeventh() {
    assertThat(RomanChord.parse("V7").intervals()).containsExactly(0, 4, 7, 10);
    assertThat(RomanChord.parse("V7").nameIn(C_MAJOR)).isEqualTo("G7");
    assertThat(RomanChord.parse("ii7").intervals()).containsExactly(0, 3, 7, 10);
    assertThat(RomanChord.parse("ii7").nameIn(C_MAJOR)).isEqualTo("Dm7");
    assertThat(RomanChord.parse("Imaj7").intervals()).containsExactly(0, 4, 7, 11);
    assertThat(RomanChord.parse("IM7").nameIn(C_MAJOR)).isEqualTo("Cmaj7");
    assertThat(RomanChord.parse("viiø7").intervals()).containsExactly(0, 3, 6, 10);
    assertThat(RomanChord.parse("viiø").nameIn(C_MAJOR)).isEqualTo("Bm7b5");
    assertThat(RomanChord.parse("vii°7").intervals()).containsExactly(0, 3, 6, 9);
    assertThat(RomanChord.parse("viio7").nameIn(C_MAJOR)).isEqualTo("Bdim7");
    assertThat(RomanChord.parse("viidim7").seventh()).isEqualTo(Seventh.DIMINISHED);
  }

  @Test
  void intervalsAreACopy() {
    RomanChord chord = RomanChord.parse("I");
    chord.intervals()[1] = 3;

    assertThat(chord.intervals()).containsExactly(0, 4, 7);
  }

  @Test
  void homeChordIsMajorInMajorModesAndMinorInMinorOnes() {
    assertThat(RomanChord.tonic(C_MAJOR).nameIn(C_MAJOR)).isEqualTo("C");
    assertThat(RomanChord.tonic(key(9, Mode.NATURAL_MINOR)).nameIn(key(9, Mode.NATURAL_MINOR)))
        .isEqualTo("Am");
    assertThat(RomanChord.tonic(key(2, Mode.DORIAN)).quality()).isEqualTo(Quality.MINOR);
    assertThat(RomanChord.tonic(key(7, Mode.MIXOLYDIAN)).quality()).isEqualTo(Quality.MAJOR);
    assertThat(RomanChord.tonic(key(4, Mode.BLUES)).quality()).isEqualTo(Quality.MINOR);
  }

  @Test
  void surroundingSpaceIsIgnored() {
    RomanChord chord = RomanChord.parse("  V7 ");

    assertThat(chord.symbol()).isEqualTo("V7");
    assertThat(chord.nameIn(C_MAJOR)).isEqualTo("G7");
  }

  @Test
  void badSymbolsAreRefusedWithAReadableMessage() {
    for (String symbol :
        new String[] {"", "X", "VIII", "IIII", "Iv", "I9", "C", "bb", "b", "V 7", "IV#", "vii°°"}) {
      assertThatThrownBy(() -> RomanChord.parse(symbol))
          .as("\"%s\"", symbol)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(
              "not a Roman-numeral chord: \"" + symbol + "\" (try I, IV, V7, ii, vi, bVII)");
    }
  }

  private static Key key(int tonic, Mode mode) {
    return Key.newBuilder().setTonic(tonic).setMode(mode).build();
  }
}
