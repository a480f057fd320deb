package org.attune.server.journal.export;

import static org.assertj.core.api.Assertions.assertThat;

import org.attune.protocol.v1.Key;
import org.attune.protocol.v1.Mode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Keys and modes as MIDI key signatures: sharps (positive) or flats, and major or minor. */
class KeySignatureTest {

  @ParameterizedTest(name = "{0} {1}: {2} sharps, minor {3}")
  @CsvSource({
    "C, MAJOR, 0, 0",
    "F, MAJOR, -1, 0",
    "Bb, MAJOR, -2, 0",
    "F#, MAJOR, 6, 0",
    "Db, IONIAN, -5, 0",
    "B, MAJOR_PENTATONIC, 5, 0",
    "A, NATURAL_MINOR, 0, 1",
    "E, AEOLIAN, 1, 1",
    "D, HARMONIC_MINOR, -1, 1",
    "A, MINOR_PENTATONIC, 0, 1",
    "E, BLUES, 1, 1",
    "C, NATURAL_MINOR, -3, 1",
    "D, DORIAN, 0, 0",
    "A, DORIAN, 1, 0",
    "E, PHRYGIAN, 0, 0",
    "F, LYDIAN, 0, 0",
    "G, MIXOLYDIAN, 0, 0",
    "B, LOCRIAN, 0, 0",
    "D, MIXOLYDIAN, 1, 0"
  })
  void aKeyHasTheSignatureOfItsScale(String tonic, Mode mode, int sharps, int minor) {
    Key key =
        Key.newBuilder().setTonic(org.attune.form.Scales.pitchClass(tonic)).setMode(mode).build();

    assertThat(KeySignature.data(key)).containsExactly((byte) sharps, (byte) minor);
  }
}
