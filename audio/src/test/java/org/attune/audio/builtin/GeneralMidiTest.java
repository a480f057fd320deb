package org.attune.audio.builtin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import org.attune.audio.sf2.SoundFont;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GeneralMidiTest {

  @Test
  void programNamesFollowTheGeneralMidiOrder() {
    assertThat(GeneralMidi.programName(0)).isEqualTo("Acoustic Grand Piano");
    assertThat(GeneralMidi.programName(11)).isEqualTo("Vibraphone");
    assertThat(GeneralMidi.programName(33)).isEqualTo("Electric Bass (finger)");
    assertThat(GeneralMidi.programName(48)).isEqualTo("String Ensemble 1");
    assertThat(GeneralMidi.programName(73)).isEqualTo("Flute");
    assertThat(GeneralMidi.programName(127)).isEqualTo("Gunshot");
    Set<String> names = new HashSet<>();
    for (int p = 0; p < 128; p++) {
      names.add(GeneralMidi.programName(p));
    }
    assertThat(names).hasSize(128);
  }

  @Test
  void percussionNamesCoverKeys35To81() {
    assertThat(GeneralMidi.percussionName(35)).isEqualTo("Acoustic Bass Drum");
    assertThat(GeneralMidi.percussionName(42)).isEqualTo("Closed Hi-Hat");
    assertThat(GeneralMidi.percussionName(46)).isEqualTo("Open Hi-Hat");
    assertThat(GeneralMidi.percussionName(76)).isEqualTo("Hi Wood Block");
    assertThat(GeneralMidi.percussionName(81)).isEqualTo("Open Triangle");
    assertThatThrownBy(() -> GeneralMidi.percussionName(34))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> GeneralMidi.percussionName(82))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest(name = "\"{0}\" plays program {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "piano | 0",
        "keys | 0",
        "Electric Piano | 4",
        "guitar | 25",
        "ukulele | 24",
        "bass | 33",
        "Bass guitar | 33",
        "double bass | 32",
        "marimba | 12",
        "xylophone | 13",
        "glockenspiel | 9",
        "bells | 14",
        "strings | 48",
        "violin | 40",
        "cello | 42",
        "flute | 73",
        "sax | 65",
        "trumpet | 56",
        "organ | 16",
        "synth | 81",
        "pad | 89",
        "synth pad | 89",
        "voice | 52",
        "tablet | 11",
        "pads | 11",
        "tablet pads | 11",
        "iPad | 11",
        "steel drums | 114",
        "MARIMBA | 12",
        "my old Cello! | 42"
      })
  void instrumentNamesChooseTheirProgram(String name, int program) {
    InstrumentChoice choice = GeneralMidi.forInstrumentName(name);

    assertThat(choice.bank()).isZero();
    assertThat(choice.program()).isEqualTo(program);
    assertThat(choice.name()).isEqualTo(GeneralMidi.programName(program));
    assertThat(choice.isPercussion()).isFalse();
  }

  @ParameterizedTest(name = "\"{0}\" plays the drum kit")
  @ValueSource(
      strings = {
        "drums",
        "Drum kit",
        "djembe",
        "Djembe (hand drum)",
        "cajon",
        "percussion",
        "bass drum",
        "congas",
        "tambourine",
        "shaker",
        "Bongos"
      })
  void drumsAndHandPercussionChooseTheKit(String name) {
    InstrumentChoice choice = GeneralMidi.forInstrumentName(name);

    assertThat(choice)
        .isEqualTo(new InstrumentChoice(SoundFont.PERCUSSION_BANK, 0, "Standard Kit"));
    assertThat(choice.isPercussion()).isTrue();
  }

  @ParameterizedTest(name = "\"{0}\" gets the piano")
  @ValueSource(strings = {"", "   ", "kazoo", "something", "42", "bassoonist's friend"})
  void unknownOrEmptyNamesGetThePiano(String name) {
    assertThat(GeneralMidi.forInstrumentName(name))
        .isEqualTo(new InstrumentChoice(0, 0, "Acoustic Grand Piano"));
  }

  @Test
  void noNameGetsThePiano() {
    assertThat(GeneralMidi.forInstrumentName(null).program()).isZero();
  }

  @Test
  void aBassoonIsNotABass() {
    assertThat(GeneralMidi.forInstrumentName("bassoon").program()).isEqualTo(70);
  }

  @Test
  void matchFindsKnownInstrumentsAndNothingForUnknownWords() {
    assertThat(GeneralMidi.match("Marimba")).map(InstrumentChoice::program).contains(12);
    assertThat(GeneralMidi.match("djembe")).map(InstrumentChoice::bank).contains(128);
    assertThat(GeneralMidi.match("theremonica")).isEmpty();
    assertThat(GeneralMidi.match("")).isEmpty();
    assertThat(GeneralMidi.forInstrumentName("theremonica").program()).isZero();
  }
}
