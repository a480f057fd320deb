package org.attune.form;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.attune.protocol.v1.Dynamic;
import org.attune.protocol.v1.DynamicsRamp;
import org.attune.protocol.v1.FormPatch;
import org.attune.protocol.v1.FormState;
import org.attune.protocol.v1.Key;
import org.attune.protocol.v1.Meter;
import org.attune.protocol.v1.Mode;
import org.attune.protocol.v1.Progression;
import org.junit.jupiter.api.Test;

class FormStatesTest {

  private static final FormState INITIAL = FormStates.initial();

  @Test
  void newGroupStartsInSectionAInFourFourCMajor() {
    assertThat(FormStates.describe(INITIAL)).isEqualTo("section A, C major, 4/4, straight, mf");
    assertThat(INITIAL.getPhraseBars()).isEqualTo(4);
    assertThat(INITIAL.getBarOriginBeat()).isZero();
    assertThat(INITIAL.getProgression().getChordsCount()).isZero();
  }

  @Test
  void descriptionNamesModesInWords() {
    FormState form =
        INITIAL.toBuilder()
            .setSection("Coda")
            .setKey(Key.newBuilder().setTonic(10).setMode(Mode.NATURAL_MINOR))
            .setMeter(Meter.newBuilder().setBeatsPerBar(7).setBeatUnit(8))
            .setGroove("swing")
            .setDynamics(
                DynamicsRamp.newBuilder().setFrom(Dynamic.MF).setTo(Dynamic.PP).setBeats(4))
            .build();

    assertThat(FormStates.describe(form))
        .isEqualTo("section Coda, Bb natural minor, 7/8, swing, pp");
  }

  @Test
  void emptyPatchChangesNothing() {
    assertThat(FormStates.apply(INITIAL, FormPatch.getDefaultInstance())).isEqualTo(INITIAL);
  }

  @Test
  void patchChangesOnlyTheFieldsItSets() {
    FormState form =
        FormStates.apply(INITIAL, FormPatch.newBuilder().setSection("B").setAccent(true).build());

    assertThat(form.getSection()).isEqualTo("B");
    assertThat(form.toBuilder().setSection("A").build()).isEqualTo(INITIAL);
  }

  @Test
  void patchOfEachFieldChangesThatFieldAlone() {
    Meter waltz = Meter.newBuilder().setBeatsPerBar(3).setBeatUnit(4).build();
    Key dDorian = Key.newBuilder().setTonic(2).setMode(Mode.DORIAN).build();
    DynamicsRamp crescendo =
        DynamicsRamp.newBuilder()
            .setFrom(Dynamic.P)
            .setTo(Dynamic.F)
            .setStartBeat(8)
            .setBeats(4)
            .build();
    Progression blues =
        Progression.newBuilder().addChords("I").addChords("IV").setStartBeat(8).build();

    assertThat(FormStates.apply(INITIAL, FormPatch.newBuilder().setMeter(waltz).build()))
        .isEqualTo(INITIAL.toBuilder().setMeter(waltz).build());
    assertThat(FormStates.apply(INITIAL, FormPatch.newBuilder().setBarOriginBeat(8).build()))
        .isEqualTo(INITIAL.toBuilder().setBarOriginBeat(8).build());
    assertThat(FormStates.apply(INITIAL, FormPatch.newBuilder().setPhraseBars(8).build()))
        .isEqualTo(INITIAL.toBuilder().setPhraseBars(8).build());
    assertThat(FormStates.apply(INITIAL, FormPatch.newBuilder().setKey(dDorian).build()))
        .isEqualTo(INITIAL.toBuilder().setKey(dDorian).build());
    assertThat(FormStates.apply(INITIAL, FormPatch.newBuilder().setGroove("bossa").build()))
        .isEqualTo(INITIAL.toBuilder().setGroove("bossa").build());
    assertThat(FormStates.apply(INITIAL, FormPatch.newBuilder().setDynamics(crescendo).build()))
        .isEqualTo(INITIAL.toBuilder().setDynamics(crescendo).build());
    assertThat(FormStates.apply(INITIAL, FormPatch.newBuilder().setProgression(blues).build()))
        .isEqualTo(INITIAL.toBuilder().setProgression(blues).build());
  }

  @Test
  void patchThatSetsAFieldToZeroDoesSet() {
    FormState moved = INITIAL.toBuilder().setBarOriginBeat(8).build();

    FormState back = FormStates.apply(moved, FormPatch.newBuilder().setBarOriginBeat(0).build());

    assertThat(back.getBarOriginBeat()).isZero();
  }

  @Test
  void barsAreCountedFromOneAtTheOrigin() {
    assertThat(FormStates.barAt(INITIAL, 0)).isEqualTo(1);
    assertThat(FormStates.barAt(INITIAL, 3.99)).isEqualTo(1);
    assertThat(FormStates.barAt(INITIAL, 4)).isEqualTo(2);
    assertThat(FormStates.barAt(INITIAL, -0.5)).as("the pickup bar").isEqualTo(0);
  }

  @Test
  void barsAndBeatsInTheBarFollowTheOriginAndMeter() {
    FormState threeFour = meter(3, 1);

    assertThat(FormStates.barAt(threeFour, 1)).isEqualTo(1);
    assertThat(FormStates.beatInBar(threeFour, 1)).isEqualTo(1.0);
    assertThat(FormStates.barAt(threeFour, 7.25)).isEqualTo(3);
    assertThat(FormStates.beatInBar(threeFour, 7.25)).isEqualTo(1.25);
    assertThat(FormStates.barAt(threeFour, 6.5)).isEqualTo(2);
    assertThat(FormStates.beatInBar(threeFour, 6.5)).isEqualTo(3.5);
    assertThat(FormStates.barAt(threeFour, 0.5)).isEqualTo(0);
    assertThat(FormStates.beatInBar(threeFour, 0.5)).isEqualTo(3.5);
  }

  @Test
  void beatInBarCountsFromOne() {
    double[] beats = {0, 1, 2, 3, 4, 5.5, 11};
    double[] inBar = {1, 2, 3, 4, 1, 2.5, 4};

    for (int i = 0; i < beats.length; i++) {
      assertThat(FormStates.beatInBar(INITIAL, beats[i]))
          .as("beat %s", beats[i])
          .isEqualTo(inBar[i]);
    }
  }

  @Test
  void barLineOffTheBeatGridStartsTheBarOnBeatOne() {
    FormState offBeat = meter(4, 0.5);

    assertThat(FormStates.beatInBar(offBeat, 0.5)).isEqualTo(1.0);
    assertThat(FormStates.beatInBar(offBeat, 1.25)).isEqualTo(1.75);
    assertThat(FormStates.beatInBar(offBeat, 4.25)).isEqualTo(4.75);
    assertThat(FormStates.beatInBar(offBeat, 4.5)).isEqualTo(1.0);
    assertThat(FormStates.barAt(offBeat, 4.5)).isEqualTo(2);
  }

  @Test
  void meterWithoutBeatsHasOneBeatBars() {
    FormState none = meter(0, 0);

    assertThat(FormStates.beatsPerBar(none)).isEqualTo(1);
    assertThat(FormStates.barAt(none, 5.5)).isEqualTo(6);
  }

  @Test
  void chordAdvancesOneABarAndLoops() {
    FormState form = progression(0, "I", "IV", "V");
    String[] expected = {"I", "I", "IV", "IV", "V", "I", "IV", "V", "I"};
    double[] beats = {0, 3.99, 4, 7.5, 8, 12, 16, 20, 24};

    for (int i = 0; i < beats.length; i++) {
      assertThat(FormStates.chordAt(form, beats[i]).symbol())
          .as("beat %s", beats[i])
          .isEqualTo(expected[i]);
    }
  }

  @Test
  void progressionCountsBarsFromItsOwnStart() {
    FormState form = progression(6, "ii", "V7");

    assertThat(FormStates.chordAt(form, 6).symbol()).isEqualTo("ii");
    assertThat(FormStates.chordAt(form, 9.9).symbol()).isEqualTo("ii");
    assertThat(FormStates.chordAt(form, 10).symbol()).isEqualTo("V7");
    assertThat(FormStates.chordAt(form, 14).symbol()).isEqualTo("ii");
  }

  @Test
  void beforeTheProgressionStartsTheHomeChordSounds() {
    FormState major = progression(8, "V");
    FormState minor =
        major.toBuilder().setKey(Key.newBuilder().setTonic(9).setMode(Mode.AEOLIAN)).build();

    assertThat(FormStates.chordAt(major, 7.99).symbol()).isEqualTo("I");
    assertThat(FormStates.chordAt(minor, 7.99).symbol()).isEqualTo("i");
    assertThat(FormStates.chordAt(major, 8).symbol()).isEqualTo("V");
  }

  @Test
  void withoutAProgressionTheHomeChordSounds() {
    assertThat(FormStates.chordAt(INITIAL, 123).symbol()).isEqualTo("I");
  }

  @Test
  void badChordInAProgressionIsRefusedWhenItSounds() {
    FormState form = progression(0, "I", "Q");

    assertThat(FormStates.chordAt(form, 0).symbol()).isEqualTo("I");
    assertThatThrownBy(() -> FormStates.chordAt(form, 4))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static FormState meter(int beatsPerBar, double origin) {
    return INITIAL.toBuilder()
        .setMeter(Meter.newBuilder().setBeatsPerBar(beatsPerBar).setBeatUnit(4))
        .setBarOriginBeat(origin)
        .build();
  }

  private static FormState progression(double startBeat, String... chords) {
    return INITIAL.toBuilder()
        .setProgression(
            Progression.newBuilder().addAllChords(Arrays.asList(chords)).setStartBeat(startBeat))
        .build();
  }
}
