package org.attune.form;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.attune.protocol.v1.Dynamic;
import org.attune.protocol.v1.DynamicsRamp;
import org.junit.jupiter.api.Test;

class DynamicsTest {

  /** A crescendo from p at beat 8 to f at beat 12. */
  private static final DynamicsRamp CRESCENDO = ramp(Dynamic.P, Dynamic.F, 8, 4);

  @Test
  void rampStartsAtItsFromLevel() {
    assertThat(Dynamics.levelAt(CRESCENDO, 8)).isEqualTo(3.0);
  }

  @Test
  void beforeTheRampTheLevelIsItsFromLevel() {
    assertThat(Dynamics.levelAt(CRESCENDO, 7.99)).isEqualTo(3.0);
    assertThat(Dynamics.levelAt(CRESCENDO, -100)).isEqualTo(3.0);
  }

  @Test
  void rampIsLinearInBeats() {
    assertThat(Dynamics.levelAt(CRESCENDO, 10)).isEqualTo(4.5);
    assertThat(Dynamics.levelAt(CRESCENDO, 9)).isEqualTo(3.75);
  }

  @Test
  void rampEndsAtItsToLevel() {
    assertThat(Dynamics.levelAt(CRESCENDO, 12)).isEqualTo(6.0);
    assertThat(Dynamics.levelAt(CRESCENDO, 100)).isEqualTo(6.0);
  }

  @Test
  void diminuendoGoesDown() {
    DynamicsRamp diminuendo = ramp(Dynamic.FFF, Dynamic.PPP, 0, 14);

    assertThat(Dynamics.levelAt(diminuendo, 0)).isEqualTo(8.0);
    assertThat(Dynamics.levelAt(diminuendo, 7)).isEqualTo(4.5);
    assertThat(Dynamics.levelAt(diminuendo, 14)).isEqualTo(1.0);
  }

  @Test
  void steadyLevelHasNoBeats() {
    DynamicsRamp steady = ramp(Dynamic.MP, Dynamic.MP, 4, 0);

    assertThat(Dynamics.levelAt(steady, 0)).isEqualTo(4.0);
    assertThat(Dynamics.levelAt(steady, 4)).isEqualTo(4.0);
    assertThat(Dynamics.levelAt(steady, 40)).isEqualTo(4.0);
  }

  @Test
  void unspecifiedDynamicIsMezzoForte() {
    assertThat(Dynamics.level(Dynamic.DYNAMIC_UNSPECIFIED)).isEqualTo(5);
    assertThat(Dynamics.level(Dynamic.UNRECOGNIZED)).isEqualTo(5);
    assertThat(Dynamics.levelAt(DynamicsRamp.getDefaultInstance(), 3)).isEqualTo(5.0);
  }

  @Test
  void levelsRunFromPppToFff() {
    Dynamic[] order = {
      Dynamic.PPP, Dynamic.PP, Dynamic.P, Dynamic.MP, Dynamic.MF, Dynamic.F, Dynamic.FF, Dynamic.FFF
    };

    for (int i = 0; i < order.length; i++) {
      assertThat(Dynamics.level(order[i])).isEqualTo(i + 1);
    }
  }

  @Test
  void gainIsFullAtFffAndSixDecibelsLessEachStepDown() {
    assertThat(Dynamics.gain(8)).isEqualTo(1.0);
    assertThat(Dynamics.gain(7)).isCloseTo(Math.pow(10, -6 / 20.0), within(1e-12));
    for (double level = 1; level < 8; level += 0.5) {
      assertThat(20 * Math.log10(Dynamics.gain(level + 1) / Dynamics.gain(level)))
          .isCloseTo(6.0, within(1e-9));
    }
    assertThat(Dynamics.gain(1)).isCloseTo(Math.pow(10, -42 / 20.0), within(1e-12));
  }

  @Test
  void markingsParseInAnyCase() {
    assertThat(Dynamics.parse("mf")).isEqualTo(Dynamic.MF);
    assertThat(Dynamics.parse("pp")).isEqualTo(Dynamic.PP);
    assertThat(Dynamics.parse("fff")).isEqualTo(Dynamic.FFF);
    assertThat(Dynamics.parse(" PPP ")).isEqualTo(Dynamic.PPP);
    assertThat(Dynamics.parse("Ff")).isEqualTo(Dynamic.FF);
    assertThat(Dynamics.parse("p")).isEqualTo(Dynamic.P);
  }

  @Test
  void badMarkingsAreRefusedWithTheChoices() {
    for (String marking :
        new String[] {"", "loud", "ffff", "dynamic_unspecified", "UNRECOGNIZED", "m f"}) {
      assertThatThrownBy(() -> Dynamics.parse(marking))
          .as("\"%s\"", marking)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(
              "not a dynamic marking: \"" + marking + "\" (ppp, pp, p, mp, mf, f, ff, fff)");
    }
  }

  private static DynamicsRamp ramp(Dynamic from, Dynamic to, double startBeat, double beats) {
    return DynamicsRamp.newBuilder()
        .setFrom(from)
        .setTo(to)
        .setStartBeat(startBeat)
        .setBeats(beats)
        .build();
  }
}
