package org.attune.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.attune.form.FormStates;
import org.attune.protocol.v1.FormState;
import org.attune.protocol.v1.Gesture;
import org.attune.protocol.v1.GestureEvent;
import org.attune.protocol.v1.Pad;
import org.attune.protocol.v1.PadLayer;
import org.attune.protocol.v1.Tap;
import org.junit.jupiter.api.Test;

class BarBeatTest {

  @Test
  void beatsCountFromBarOneBeatOne() {
    FormState form = FormStates.initial();
    assertThat(BarBeat.of(form, 0)).hasToString("bar 1 beat 1");
    assertThat(BarBeat.of(form, 17)).hasToString("bar 5 beat 2");
    assertThat(BarBeat.of(form, 17.5)).hasToString("bar 5 beat 2.50");
  }

  @Test
  void barsCountFromTheMetersOrigin() {
    FormState waltz =
        FormStates.initial().toBuilder()
            .setMeter(FormStates.initial().getMeter().toBuilder().setBeatsPerBar(3))
            .setBarOriginBeat(8)
            .build();
    assertThat(BarBeat.of(waltz, 8)).hasToString("bar 1 beat 1");
    assertThat(BarBeat.of(waltz, 13)).hasToString("bar 2 beat 3");
  }

  @Test
  void gesturesAreDescribedBriefly() {
    GestureEvent pad =
        GestureEvent.newBuilder()
            .setGesture(
                Gesture.newBuilder().setPad(Pad.newBuilder().setDegree(3).setLayer(PadLayer.SCALE)))
            .setResolvedPitch(64)
            .build();
    assertThat(GroupPrinter.describe(pad)).isEqualTo("pad 3 (E4)");
    GestureEvent tap =
        GestureEvent.newBuilder()
            .setGesture(Gesture.newBuilder().setTap(Tap.getDefaultInstance()))
            .build();
    assertThat(GroupPrinter.describe(tap)).isEqualTo("tap");
    assertThat(GroupPrinter.pitchName(60)).isEqualTo("C4");
    assertThat(GroupPrinter.pitchName(70)).isEqualTo("Bb4");
  }
}
