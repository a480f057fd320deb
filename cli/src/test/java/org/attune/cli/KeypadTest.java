package org.attune.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.attune.protocol.v1.Gesture;
import org.attune.protocol.v1.PadLayer;
import org.junit.jupiter.api.Test;

class KeypadTest {

  @Test
  void digitsAreScalePads() {
    for (char key = '1'; key <= '9'; key++) {
      Gesture g = Keypad.gestureFor(key, 5).orElseThrow();
      assertThat(g.getPad().getDegree()).isEqualTo(key - '0');
      assertThat(g.getPad().getLayer()).isEqualTo(PadLayer.SCALE);
    }
  }

  @Test
  void qwerAreTheChordTones() {
    String keys = "qwer";
    for (int i = 0; i < keys.length(); i++) {
      Gesture g = Keypad.gestureFor(keys.charAt(i), 5).orElseThrow();
      assertThat(g.getPad().getDegree()).isEqualTo(i + 1);
      assertThat(g.getPad().getLayer()).isEqualTo(PadLayer.CHORD);
    }
    assertThat(Keypad.gestureFor('Q', 5).orElseThrow().getPad().getDegree()).isEqualTo(1);
  }

  @Test
  void spaceIsASnareAndTIsATap() {
    assertThat(Keypad.gestureFor(' ', 5).orElseThrow().getHit().getInstrument()).isEqualTo(38);
    assertThat(Keypad.gestureFor('t', 5).orElseThrow().hasTap()).isTrue();
  }

  @Test
  void otherKeysPlayNothing() {
    for (char key : "0yz\n\r-x".toCharArray()) {
      assertThat(Keypad.gestureFor(key, 5)).as("key %s", (int) key).isEmpty();
    }
  }

  @Test
  void velocityFollowsTheDynamicLevel() {
    assertThat(Keypad.velocity(1)).isEqualTo(0.25f);
    assertThat(Keypad.velocity(5)).isEqualTo(0.65f);
    assertThat(Keypad.velocity(8)).isEqualTo(0.95f);
    assertThat(Keypad.gestureFor('1', 8).orElseThrow().getVelocity()).isEqualTo(0.95f);
  }
}
