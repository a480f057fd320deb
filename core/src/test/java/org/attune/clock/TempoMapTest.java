package org.attune.clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class TempoMapTest {

  /** A map built from a seeded chain of steady tempos, ramps, holds and releases. */
  static TempoMap randomMap(Random random) {
    long t = random.nextInt(1_000_000);
    TempoMap map = TempoMap.steady(t, 20 + random.nextDouble() * 280);
    for (int i = 0; i < 8; i++) {
      t += 100_000 + random.nextInt(3_000_000);
      double bpm = 20 + random.nextDouble() * 280;
      map = switch (random.nextInt(3)) {
        case 0 -> map.withSteady(t, bpm);
        case 1 -> map.withRamp(t, bpm, 1 + random.nextInt(16));
        default -> map.isHeldAt(t) ? map.withSteady(t, bpm) : map.withHold(t);
      };
    }
    return map;
  }

  @Test
  void beatIsContinuousAcrossEverySegmentJoin() {
    Random random = new Random(1);
    for (int n = 0; n < 500; n++) {
      TempoMap map = randomMap(random);
      for (TempoSegment s : map.segments()) {
        double before = map.beatAt(s.startMicros() - 1);
        double at = map.beatAt(s.startMicros());
        assertThat(at - before).isBetween(0.0, 1e-5);
        assertThat(s.startBeat()).isCloseTo(at, within(1e-9));
      }
    }
  }

  @Test
  void beatNeverGoesBackwards() {
    Random random = new Random(2);
    for (int n = 0; n < 200; n++) {
      TempoMap map = randomMap(random);
      long start = map.segments().get(0).startMicros();
      long end = map.lastSegment().startMicros() + 5_000_000;
      double previous = Double.NEGATIVE_INFINITY;
      for (long t = start; t < end; t += 997) {
        double beat = map.beatAt(t);
        assertThat(beat).isGreaterThanOrEqualTo(previous);
        previous = beat;
      }
    }
  }

  @Test
  void beatToTimeToBeatRoundTrips() {
    Random random = new Random(3);
    for (int n = 0; n < 500; n++) {
      TempoMap map = randomMap(random);
      long start = map.segments().get(0).startMicros();
      double first = map.beatAt(start);
      double last = map.beatAt(map.lastSegment().startMicros() + 10_000_000);
      for (int k = 0; k < 50; k++) {
        double beat = first + random.nextDouble() * (last - first);
        long time = map.timeAt(beat);
        if (time == Long.MAX_VALUE) {
          assertThat(map.lastSegment()).isInstanceOf(TempoSegment.Hold.class);
          assertThat(beat).isGreaterThan(map.lastSegment().startBeat());
          continue;
        }
        assertThat(map.beatAt(time)).isCloseTo(beat, within(1e-5));
      }
    }
  }

  @Test
  void timeToBeatToTimeRoundTripsOutsideHolds() {
    Random random = new Random(4);
    for (int n = 0; n < 500; n++) {
      TempoMap map = randomMap(random);
      long start = map.segments().get(0).startMicros();
      for (int k = 0; k < 50; k++) {
        long t = start + random.nextInt(30_000_000);
        if (map.isHeldAt(t)) {
          continue;
        }
        assertThat(map.timeAt(map.beatAt(t))).isCloseTo(t, within(2L));
      }
    }
  }

  @Test
  void aHoldStandsStillUntilReleased() {
    TempoMap map = TempoMap.steady(0, 120).withHold(1_000_000);
    assertThat(map.beatAt(1_000_000)).isEqualTo(2.0);
    assertThat(map.beatAt(9_000_000)).isEqualTo(2.0);
    assertThat(map.timeAt(2.0)).isEqualTo(1_000_000);
    assertThat(map.timeAt(2.5)).isEqualTo(Long.MAX_VALUE);
    assertThat(map.continuingBpmAt(5_000_000)).isEqualTo(120);
    TempoMap released = map.withSteady(5_000_000, 60);
    assertThat(released.beatAt(6_000_000)).isCloseTo(3.0, within(1e-9));
    assertThat(released.timeAt(2.0)).as("the first time beat 2 is reached").isEqualTo(1_000_000);
  }

  @Test
  void aRampReachesItsTempoAfterItsBeats() {
    TempoMap map = TempoMap.steady(0, 60).withRamp(1_000_000, 120, 8);
    TempoSegment.Ramp ramp = (TempoSegment.Ramp) map.lastSegment();
    assertThat(ramp.durationMicros()).isCloseTo(60e6 * 2 * 8 / 180, within(1e-6));
    long end = map.timeAt(1 + 8);
    assertThat(end - 1_000_000).isCloseTo(Math.round(ramp.durationMicros()), within(1L));
    assertThat(map.bpmAt(end + 1)).isEqualTo(120);
    assertThat(map.bpmAt(1_000_000 + Math.round(ramp.durationMicros() / 2))).isCloseTo(90, within(0.01));
  }

  @Test
  void aFlatRampIsSteady() {
    TempoMap ramp = TempoMap.steady(0, 100).withRamp(0, 100, 4);
    TempoMap steady = TempoMap.steady(0, 100);
    for (long t = 0; t < 10_000_000; t += 123_457) {
      assertThat(ramp.beatAt(t)).isCloseTo(steady.beatAt(t), within(1e-9));
    }
  }

  @Test
  void protoRoundTripKeepsTheMap() {
    Random random = new Random(5);
    for (int n = 0; n < 100; n++) {
      TempoMap map = randomMap(random);
      assertThat(TempoMap.fromProto(map.toProto())).isEqualTo(map);
    }
  }

  @Test
  void pruningKeepsTheFuture() {
    TempoMap map = randomMap(new Random(6));
    long cut = map.segments().get(3).startMicros() + 10;
    TempoMap pruned = map.prunedBefore(cut);
    assertThat(pruned.segments().size()).isLessThan(map.segments().size());
    for (long t = cut; t < cut + 20_000_000; t += 99_991) {
      assertThat(pruned.beatAt(t)).isEqualTo(map.beatAt(t));
    }
  }

  @Test
  void outOfRangeTemposAndBadMapsAreRefused() {
    assertThatThrownBy(() -> TempoMap.steady(0, 10)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TempoMap.steady(0, Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TempoMap.fromProto(org.attune.protocol.v1.TempoMap.getDefaultInstance()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void fourSteadyTapsSetTheTempo() {
    TapTempo tap = new TapTempo();
    assertThat(tap.tap(0)).isEmpty();
    assertThat(tap.tap(500_000)).isEmpty();
    assertThat(tap.tap(1_000_000)).isEmpty();
    assertThat(tap.tap(1_500_000).getAsDouble()).isCloseTo(120, within(1e-9));
    assertThat(tap.tap(10_000_000)).as("a long pause starts over").isEmpty();
  }
}
