package org.attune.clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class TempoMapTest {

  private static final int MAPS = 500;
  private static final double MICROS_PER_MINUTE = TempoSegment.MICROS_PER_MINUTE;

  /** The most one microsecond can move the beat at the fastest tempo (300 BPM): 5e-6 beats. */
  private static final double ONE_MICRO_AT_MAX_BPM = TempoMap.MAX_BPM / MICROS_PER_MINUTE;

  // ------------------------------------------------------------- steady, and edges of time

  @Test
  void steadyMapCountsBeatsFromItsStart() {
    TempoMap map = TempoMap.steady(1_000_000, 120);

    assertThat(map.beatAt(1_000_000)).isEqualTo(0.0);
    assertThat(map.beatAt(1_500_000)).isEqualTo(1.0);
    assertThat(map.beatAt(3_000_000)).isEqualTo(4.0);
    assertThat(map.timeAt(4.0)).isEqualTo(3_000_000);
    assertThat(map.bpmAt(2_000_000)).isEqualTo(120.0);
  }

  @Test
  void aShiftedMapReachesEveryBeatThatMuchLater() {
    TempoMap map = TempoMap.steady(1_000_000, 120).withRamp(3_000_000, 60, 8).withHold(20_000_000);
    long shift = -7_500_000_000L;

    TempoMap shifted = map.shiftedBy(shift);

    for (long t = 0; t < 30_000_000; t += 250_000) {
      assertThat(shifted.beatAt(t + shift)).isEqualTo(map.beatAt(t));
      assertThat(shifted.bpmAt(t + shift)).isEqualTo(map.bpmAt(t));
    }
    assertThat(shifted.isHeldAt(25_000_000 + shift)).isTrue();
  }

  @Test
  void beatBeforeTheFirstSegmentIsExtrapolatedBackwards() {
    TempoMap map = TempoMap.steady(1_000_000, 60);

    assertThat(map.beatAt(0)).isEqualTo(-1.0);
    assertThat(map.timeAt(-1.0)).isEqualTo(0);
    assertThat(map.segmentAt(0)).isSameAs(map.segments().get(0));
  }

  @Test
  void segmentStartingExactlyAtATimeIsTheOneInForceThen() {
    TempoMap map = TempoMap.steady(0, 120).withSteady(2_000_000, 60);

    assertThat(map.segmentAt(1_999_999)).isSameAs(map.segments().get(0));
    assertThat(map.segmentAt(2_000_000)).isSameAs(map.segments().get(1));
    assertThat(map.bpmAt(1_999_999)).isEqualTo(120.0);
    assertThat(map.bpmAt(2_000_000)).isEqualTo(60.0);
    assertThat(map.beatAt(2_000_000)).isEqualTo(4.0);
    assertThat(map.beatAt(3_000_000)).isEqualTo(5.0);
  }

  @Test
  void segmentJoinIsAtTheBeatWhereThePreviousSegmentLeftOff() {
    TempoMap map = TempoMap.steady(0, 120).withSteady(1_250_000, 90);

    assertThat(map.segments().get(1).startBeat()).isEqualTo(2.5);
    assertThat(map.timeAt(2.5)).isEqualTo(1_250_000);
  }

  @Test
  void changeAtTheStartOfAnExistingSegmentReplacesIt() {
    TempoMap map = TempoMap.steady(0, 120).withSteady(1_000_000, 60).withSteady(1_000_000, 90);

    assertThat(map.segments()).hasSize(2);
    assertThat(map.bpmAt(1_000_000)).isEqualTo(90.0);
  }

  @Test
  void changeBeforeLaterSegmentsCutsThemAndAgreesWithTheOldMapBeforeTheCut() {
    TempoMap old =
        TempoMap.steady(0, 120)
            .withRamp(2_000_000, 180, 8)
            .withHold(9_000_000)
            .withSteady(12_000_000, 100);
    TempoMap cut = old.withSteady(5_000_000, 70);

    assertThat(cut.segments()).hasSize(3);
    assertThat(cut.lastSegment()).isInstanceOf(TempoSegment.Steady.class);
    for (long t = -1_000_000; t < 5_000_000; t += 997) {
      assertThat(cut.beatAt(t)).isEqualTo(old.beatAt(t));
      assertThat(cut.bpmAt(t)).isEqualTo(old.bpmAt(t));
    }
    assertThat(cut.bpmAt(5_000_000)).isEqualTo(70.0);
  }

  @Test
  void sameChangesGiveEqualMaps() {
    TempoMap a = TempoMap.steady(0, 120).withRamp(1_000_000, 60, 4).withHold(9_000_000);
    TempoMap b = TempoMap.steady(0, 120).withRamp(1_000_000, 60, 4).withHold(9_000_000);

    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a).isNotEqualTo(TempoMap.steady(0, 120));
    assertThat(a.toString()).startsWith("TempoMap[");
  }

  // ------------------------------------------------------------- holds

  @Test
  void beatStandsStillDuringAHold() {
    TempoMap map = TempoMap.steady(0, 120).withHold(1_000_000);

    assertThat(map.beatAt(999_999)).isLessThan(2.0);
    assertThat(map.beatAt(1_000_000)).isEqualTo(2.0);
    assertThat(map.beatAt(1_000_001)).isEqualTo(2.0);
    assertThat(map.beatAt(60_000_000)).isEqualTo(2.0);
  }

  @Test
  void holdIsHeldFromItsFirstMicrosecondAndNotBefore() {
    TempoMap map = TempoMap.steady(0, 120).withHold(1_000_000);

    assertThat(map.isHeldAt(999_999)).isFalse();
    assertThat(map.isHeldAt(1_000_000)).isTrue();
    assertThat(map.bpmAt(1_000_000)).isEqualTo(0.0);
    assertThat(map.continuingBpmAt(999_999)).isEqualTo(120.0);
    assertThat(map.continuingBpmAt(1_000_000)).isEqualTo(120.0);
    assertThat(map.continuingBpmAt(5_000_000)).isEqualTo(120.0);
  }

  @Test
  void timeOfABeatPastATrailingHoldIsUnknown() {
    TempoMap map = TempoMap.steady(0, 120).withHold(1_000_000);

    assertThat(map.timeAt(2.000_001)).isEqualTo(Long.MAX_VALUE);
    assertThat(map.timeAt(2.5)).isEqualTo(Long.MAX_VALUE);
    assertThat(map.timeAt(1_000)).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void timeOfTheHeldBeatIsTheHoldStart() {
    TempoMap trailing = TempoMap.steady(0, 120).withHold(1_000_000);
    TempoMap released = trailing.withSteady(5_000_000, 90);

    assertThat(trailing.timeAt(2.0)).isEqualTo(1_000_000);
    assertThat(released.timeAt(2.0)).as("the first time beat 2 is reached").isEqualTo(1_000_000);
    assertThat(released.timeAt(1.999_99)).isLessThan(1_000_000);
    assertThat(released.timeAt(2.000_01)).isGreaterThan(5_000_000);
  }

  @Test
  void timeOfTheHeldBeatIsTheHoldStartWhenTheHoldIsTheFirstSegment() {
    TempoMap released = TempoMap.steady(0, 120).withHold(1_000_000).withSteady(5_000_000, 90);
    TempoMap pruned = released.prunedBefore(3_000_000);

    assertThat(pruned.segments().get(0)).isInstanceOf(TempoSegment.Hold.class);
    assertThat(pruned.timeAt(2.0)).isEqualTo(1_000_000);
    assertThat(pruned.timeAt(3.0)).isEqualTo(released.timeAt(3.0));
  }

  @Test
  void releaseGoesOnFromTheHeldBeat() {
    TempoMap map = TempoMap.steady(0, 120).withHold(1_000_000).withSteady(4_000_000, 60);

    assertThat(map.beatAt(4_000_000)).isEqualTo(2.0);
    assertThat(map.beatAt(5_000_000)).isEqualTo(3.0);
    assertThat(map.timeAt(3.0)).isEqualTo(5_000_000);
  }

  @Test
  void rampOutOfAHoldStartsFromTheHeldTempo() {
    TempoMap map = TempoMap.steady(0, 120).withHold(1_000_000).withRamp(4_000_000, 60, 4);

    TempoSegment.Ramp ramp = (TempoSegment.Ramp) map.lastSegment();
    assertThat(ramp.fromBpm()).isEqualTo(120.0);
    assertThat(ramp.startBeat()).isEqualTo(2.0);
  }

  @Test
  void holdDuringAHoldKeepsTheTempoBeforeTheFirstHold() {
    TempoMap map = TempoMap.steady(0, 96).withHold(1_000_000).withHold(2_000_000);

    assertThat(((TempoSegment.Hold) map.lastSegment()).bpm()).isEqualTo(96.0);
    assertThat(map.timeAt(map.beatAt(1_500_000))).isEqualTo(1_000_000);
  }

  // ------------------------------------------------------------- ramps

  @Test
  void accelerandoReachesItsTempoAfterItsBeats() {
    TempoMap map = TempoMap.steady(0, 60).withRamp(1_000_000, 120, 8);
    TempoSegment.Ramp ramp = (TempoSegment.Ramp) map.lastSegment();
    long duration = Math.round(2 * 8 * MICROS_PER_MINUTE / (60 + 120));

    assertThat(ramp.durationMicros()).isCloseTo(2 * 8 * MICROS_PER_MINUTE / 180, within(1e-6));
    assertThat(map.timeAt(1 + 8)).isEqualTo(1_000_000 + duration);
    assertThat(map.beatAt(1_000_000 + duration)).isCloseTo(9.0, within(ONE_MICRO_AT_MAX_BPM));
    assertThat(map.bpmAt(1_000_000 + duration + 1)).isEqualTo(120.0);
    assertThat(map.bpmAt(1_000_000 + duration / 2)).isCloseTo(90.0, within(1e-3));
  }

  @Test
  void ritardandoReachesItsTempoAfterItsBeats() {
    TempoMap map = TempoMap.steady(0, 150).withRamp(0, 50, 5);
    TempoSegment.Ramp ramp = (TempoSegment.Ramp) map.lastSegment();
    long end = (long) Math.ceil(ramp.durationMicros());

    assertThat(ramp.durationMicros()).isCloseTo(2 * 5 * MICROS_PER_MINUTE / 200, within(1e-6));
    assertThat(map.bpmAt(end)).isEqualTo(50.0);
    assertThat(map.beatAt(end)).isCloseTo(5.0, within(ONE_MICRO_AT_MAX_BPM));
    assertThat(map.beatAt(end + 60_000_000 / 50)).isCloseTo(6.0, within(ONE_MICRO_AT_MAX_BPM));
  }

  @Test
  void rampStartsAtTheTempoInForce() {
    TempoMap map = TempoMap.steady(0, 80).withRamp(2_000_000, 160, 4).withRamp(3_000_000, 40, 4);
    TempoSegment.Ramp first = (TempoSegment.Ramp) map.segments().get(1);
    TempoSegment.Ramp second = (TempoSegment.Ramp) map.segments().get(2);

    assertThat(first.fromBpm()).isEqualTo(80.0);
    assertThat(second.fromBpm()).isEqualTo(first.bpmAt(3_000_000));
    assertThat(second.fromBpm()).isCloseTo(120.0, within(1e-9));
  }

  @Test
  void rampFromATempoToItselfBehavesLikeSteady() {
    TempoMap ramp = TempoMap.steady(0, 100).withRamp(1_000_000, 100, 8);
    TempoMap steady = TempoMap.steady(0, 100).withSteady(1_000_000, 100);

    for (long t = -500_000; t < 20_000_000; t += 1_009) {
      assertThat(ramp.beatAt(t)).isCloseTo(steady.beatAt(t), within(1e-9));
      assertThat(ramp.bpmAt(t)).isEqualTo(100.0);
    }
    for (double beat = -1; beat < 30; beat += 0.0137) {
      assertThat(ramp.timeAt(beat)).isCloseTo(steady.timeAt(beat), within(1L));
    }
  }

  @Test
  void rampFromTheStartOfTheMapReplacesItsFirstSegment() {
    TempoMap map = TempoMap.steady(0, 100).withRamp(0, 100, 4);

    assertThat(map.segments()).hasSize(1);
    for (long t = 0; t < 10_000_000; t += 123_457) {
      assertThat(map.beatAt(t)).isCloseTo(TempoMap.steady(0, 100).beatAt(t), within(1e-9));
    }
  }

  @Test
  void tempoChangesSmoothlyThroughARamp() {
    TempoMap map = TempoMap.steady(0, 72).withRamp(1_000_000, 144, 6);
    TempoSegment.Ramp ramp = (TempoSegment.Ramp) map.lastSegment();
    long end = 1_000_000 + (long) ramp.durationMicros();

    assertThat(map.bpmAt(999_999)).isEqualTo(72.0);
    assertThat(map.bpmAt(1_000_000)).isEqualTo(72.0);
    double smallest = Double.MAX_VALUE;
    double largest = -Double.MAX_VALUE;
    for (long t = 990_000; t < end + 10_000; t++) {
      double step = map.bpmAt(t + 1) - map.bpmAt(t);
      smallest = Math.min(smallest, step);
      largest = Math.max(largest, step);
    }
    assertThat(smallest).isGreaterThanOrEqualTo(0.0);
    assertThat(largest).isLessThanOrEqualTo(slope(ramp) + 1e-9);
    assertThat(map.bpmAt(end + 1)).isEqualTo(144.0);
  }

  // ------------------------------------------------------------- random maps

  @Test
  void beatIsContinuousAcrossEverySegmentJoin() {
    forEachRandomMap(
        map -> {
          for (TempoSegment segment : map.segments().subList(1, map.segments().size())) {
            long start = segment.startMicros();
            double before = map.beatAt(start - 1);
            double at = map.beatAt(start);
            double after = map.beatAt(start + 1);
            assertThat(at - before).as("join at %d of %s", start, map).isBetween(0.0, 1e-5);
            assertThat(after - at).as("join at %d of %s", start, map).isBetween(0.0, 1e-5);
          }
        });
  }

  @Test
  void eachSegmentStartsWhereThePreviousOneIs() {
    forEachRandomMap(
        map -> {
          List<TempoSegment> segments = map.segments();
          for (int i = 1; i < segments.size(); i++) {
            TempoSegment previous = segments.get(i - 1);
            TempoSegment segment = segments.get(i);
            assertThat(segment.startMicros()).isGreaterThan(previous.startMicros());
            assertThat(segment.startBeat()).isEqualTo(previous.beatAt(segment.startMicros()));
          }
        });
  }

  @Test
  void beatNeverGoesBackwards() {
    Random random = new Random(7);
    forEachRandomMap(
        map -> {
          long end = sweepEnd(map);
          long t = map.segments().get(0).startMicros() - 1_000_000;
          double previous = map.beatAt(t);
          while (t < end) {
            t += 1 + random.nextInt(20_000);
            double beat = map.beatAt(t);
            if (beat < previous) {
              fail("beat goes back from %s to %s at %d in %s", previous, beat, t, map);
            }
            previous = beat;
          }
        });
  }

  @Test
  void beatToTimeToBeatRoundTripsToTheNearestMicrosecond() {
    Random random = new Random(11);
    forEachRandomMap(
        map -> {
          double first = map.beatAt(map.segments().get(0).startMicros() - 1_000_000);
          double last = map.beatAt(sweepEnd(map));
          for (int i = 0; i < 200; i++) {
            double beat = first + random.nextDouble() * (last - first);
            if (pastTrailingHold(map, beat)) {
              continue;
            }
            long t = map.timeAt(beat);
            // timeAt answers in whole microseconds, so the beat there is off by at most half a
            // microsecond's worth of beats at the tempo there: 2.5e-6 at 300 BPM.
            double tolerance = 0.5 * localBpm(map, t) / MICROS_PER_MINUTE + 1e-9;
            assertThat(map.beatAt(t))
                .as("beat %s of %s", beat, map)
                .isCloseTo(beat, within(tolerance));
            assertThat(map.beatAt(t - 1)).as("beat %s of %s", beat, map).isLessThanOrEqualTo(beat);
            assertThat(map.beatAt(t + 1))
                .as("beat %s of %s", beat, map)
                .isGreaterThanOrEqualTo(beat);
          }
        });
  }

  @Test
  void timeToBeatToTimeRoundTripsOutsideHolds() {
    Random random = new Random(13);
    forEachRandomMap(
        map -> {
          long first = map.segments().get(0).startMicros() - 1_000_000;
          long span = sweepEnd(map) - first;
          for (int i = 0; i < 200; i++) {
            long t = first + (long) (random.nextDouble() * span);
            if (inOrAtTheEndOfAHold(map, t)) {
              continue;
            }
            assertThat(map.timeAt(map.beatAt(t)))
                .as("time %d of %s", t, map)
                .isCloseTo(t, within(1L));
          }
        });
  }

  @Test
  void timeToBeatToTimeRoundTripsAtEverySegmentStartOutsideHolds() {
    forEachRandomMap(
        map -> {
          for (TempoSegment segment : map.segments()) {
            long start = segment.startMicros();
            if (!inOrAtTheEndOfAHold(map, start)) {
              assertThat(map.timeAt(map.beatAt(start)))
                  .as("start %d of %s", start, map)
                  .isCloseTo(start, within(1L));
            }
          }
        });
  }

  @Test
  void beatStandsStillThroughEveryHoldAndItsTimeIsTheHoldStart() {
    forEachRandomMap(
        map -> {
          List<TempoSegment> segments = map.segments();
          for (int i = 0; i < segments.size(); i++) {
            if (!(segments.get(i) instanceof TempoSegment.Hold hold)) {
              continue;
            }
            boolean trailing = i + 1 == segments.size();
            long start = hold.startMicros();
            long end = trailing ? start + 10_000_000 : segments.get(i + 1).startMicros();
            for (long t = start; t <= end; t += Math.max(1, (end - start) / 50)) {
              assertThat(map.beatAt(t))
                  .as("hold at %d of %s", start, map)
                  .isEqualTo(hold.startBeat());
            }
            assertThat(map.timeAt(hold.startBeat()))
                .as("hold at %d of %s", start, map)
                .isEqualTo(firstHoldOnTheSameBeat(map, hold).startMicros());
            if (trailing) {
              assertThat(map.timeAt(hold.startBeat() + 1e-6)).isEqualTo(Long.MAX_VALUE);
            }
          }
        });
  }

  @Test
  void everyRampLastsTwiceItsBeatsOverTheSumOfItsTempos() {
    forEachRandomMap(
        map -> {
          for (TempoSegment segment : map.segments()) {
            if (!(segment instanceof TempoSegment.Ramp ramp)) {
              continue;
            }
            double expected =
                2 * ramp.beats() * MICROS_PER_MINUTE / (ramp.fromBpm() + ramp.toBpm());
            assertThat(ramp.durationMicros()).isCloseTo(expected, within(expected * 1e-12));
            long end = ramp.startMicros() + (long) Math.ceil(ramp.durationMicros());
            assertThat(ramp.bpmAt(end)).isEqualTo(ramp.toBpm());
            assertThat(ramp.beatAt(end) - ramp.startBeat())
                .isBetween(
                    ramp.beats() - 1e-9, ramp.beats() + ramp.toBpm() / MICROS_PER_MINUTE + 1e-9);
            assertThat(ramp.timeAt(ramp.startBeat() + ramp.beats()) - ramp.startMicros())
                .isCloseTo(Math.round(ramp.durationMicros()), within(1L));
          }
        });
  }

  @Test
  void tempoIsContinuousThroughEveryRamp() {
    forEachRandomMap(
        map -> {
          List<TempoSegment> segments = map.segments();
          for (int i = 1; i < segments.size(); i++) {
            if (!(segments.get(i) instanceof TempoSegment.Ramp ramp)) {
              continue;
            }
            TempoSegment previous = segments.get(i - 1);
            boolean afterHold = previous instanceof TempoSegment.Hold;
            long start = ramp.startMicros();
            long end = start + (long) ramp.durationMicros();
            long next =
                i + 1 < segments.size() ? segments.get(i + 1).startMicros() : Long.MAX_VALUE;
            // A microsecond moves the tempo by at most the steeper slope of this ramp and of the
            // one
            // it cut short; out of a fermata the tempo steps from 0 back to the held one.
            double step =
                Math.max(slope(ramp), previous instanceof TempoSegment.Ramp cut ? slope(cut) : 0)
                    + 1e-9;
            for (long t :
                new long[] {
                  start - 1, start, start + 1, (start + end) / 2, end - 1, end, end + 1
                }) {
              if (t + 1 >= next || (t < start && afterHold)) {
                continue;
              }
              assertThat(Math.abs(map.bpmAt(t + 1) - map.bpmAt(t)))
                  .as("ramp at %d of %s", t, map)
                  .isLessThanOrEqualTo(step);
            }
            assertThat(map.bpmAt(start)).isEqualTo(ramp.fromBpm());
          }
        });
  }

  @Test
  void pruningLeavesTheMapUnchangedFromThePrunePointOn() {
    Random random = new Random(17);
    forEachRandomMap(
        map -> {
          long first = map.segments().get(0).startMicros();
          long end = sweepEnd(map);
          long prune = first + (long) (random.nextDouble() * (end - first));
          TempoMap pruned = map.prunedBefore(prune);

          assertThat(pruned.segments().get(0).startMicros()).isLessThanOrEqualTo(prune);
          assertThat(pruned.lastSegment()).isEqualTo(map.lastSegment());
          for (long t = prune; t < end; t += 1 + random.nextInt(50_000)) {
            if (pruned.beatAt(t) != map.beatAt(t)
                || pruned.bpmAt(t) != map.bpmAt(t)
                || pruned.continuingBpmAt(t) != map.continuingBpmAt(t)) {
              fail("pruned at %d, %s differs at %d from %s", prune, pruned, t, map);
            }
          }
          // The beat at the prune point itself may have been reached before it (in a fermata).
          double from = map.beatAt(prune);
          double to = map.beatAt(end);
          for (int i = 0; i < 50; i++) {
            double beat = from + random.nextDouble() * (to - from);
            if (beat > from) {
              assertThat(pruned.timeAt(beat)).isEqualTo(map.timeAt(beat));
            }
          }
        });
  }

  @Test
  void pruningBeforeTheSecondSegmentKeepsTheMap() {
    TempoMap map = TempoMap.steady(1_000_000, 120).withSteady(2_000_000, 60);

    assertThat(map.prunedBefore(0)).isSameAs(map);
    assertThat(map.prunedBefore(1_999_999)).isSameAs(map);
    assertThat(map.prunedBefore(2_000_000).segments()).containsExactly(map.lastSegment());
  }

  @Test
  void protoRoundTripGivesAnEqualMap() {
    forEachRandomMap(map -> assertThat(TempoMap.fromProto(map.toProto())).isEqualTo(map));
  }

  // ------------------------------------------------------------- wire input and arguments

  @Test
  void emptyProtoMapIsRefused() {
    assertThatThrownBy(
            () -> TempoMap.fromProto(org.attune.protocol.v1.TempoMap.getDefaultInstance()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least one segment");
  }

  @Test
  void protoMapOutOfOrderIsRefused() {
    org.attune.protocol.v1.TempoMap backwards =
        org.attune.protocol.v1.TempoMap.newBuilder()
            .addSegments(steadySegment(1_000, 0, 120))
            .addSegments(steadySegment(500, 1, 120))
            .build();
    org.attune.protocol.v1.TempoMap sameStart =
        org.attune.protocol.v1.TempoMap.newBuilder()
            .addSegments(steadySegment(1_000, 0, 120))
            .addSegments(steadySegment(1_000, 0, 90))
            .build();

    assertThatThrownBy(() -> TempoMap.fromProto(backwards))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("out of order");
    assertThatThrownBy(() -> TempoMap.fromProto(sameStart))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("out of order");
  }

  @Test
  void protoSegmentWithoutAKindIsRefused() {
    org.attune.protocol.v1.TempoMap kindless =
        org.attune.protocol.v1.TempoMap.newBuilder()
            .addSegments(steadySegment(0, 0, 120))
            .addSegments(
                org.attune.protocol.v1.TempoSegment.newBuilder()
                    .setStartServerMicros(1_000)
                    .setStartBeat(1))
            .build();

    assertThatThrownBy(() -> TempoMap.fromProto(kindless))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("without a kind");
  }

  @Test
  void tempoOutsideTheRangeIsRefused() {
    TempoMap map = TempoMap.steady(0, 120);

    for (double bpm :
        new double[] {10, 19.999, 300.001, Double.NaN, Double.POSITIVE_INFINITY, 0, -120}) {
      assertThatThrownBy(() -> map.withSteady(1_000, bpm))
          .as("%s BPM", bpm)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("between 20 and 300 BPM");
      assertThatThrownBy(() -> map.withRamp(1_000, bpm, 4))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> TempoMap.steady(0, bpm))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void tempoAtTheEdgesOfTheRangeIsAccepted() {
    assertThat(TempoMap.steady(0, 20).withSteady(1_000, 300).bpmAt(1_000)).isEqualTo(300.0);
    assertThat(TempoMap.steady(0, 300).withRamp(1_000, 20, 1).bpmAt(10_000_000)).isEqualTo(20.0);
  }

  @Test
  void rampWithoutAPositiveFiniteLengthIsRefused() {
    TempoMap map = TempoMap.steady(0, 120);

    for (double beats : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
      assertThatThrownBy(() -> map.withRamp(1_000, 90, beats))
          .as("%s beats", beats)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("positive number of beats");
    }
  }

  // ------------------------------------------------------------- helpers

  private static org.attune.protocol.v1.TempoSegment steadySegment(
      long micros, double beat, double bpm) {
    return org.attune.protocol.v1.TempoSegment.newBuilder()
        .setStartServerMicros(micros)
        .setStartBeat(beat)
        .setSteady(org.attune.protocol.v1.Steady.newBuilder().setBpm(bpm))
        .build();
  }

  /** Runs {@code check} on {@value #MAPS} maps built from seeded random chains of changes. */
  private static void forEachRandomMap(Consumer<TempoMap> check) {
    Random random = new Random(20_240_611);
    for (int i = 0; i < MAPS; i++) {
      check.accept(randomMap(random));
    }
  }

  /** A chain of steady tempos, ramps and holds (and releases from them) at increasing times. */
  private static TempoMap randomMap(Random random) {
    long t = random.nextInt(10_000_000);
    TempoMap map = TempoMap.steady(t, randomBpm(random));
    int changes = 1 + random.nextInt(8);
    for (int i = 0; i < changes; i++) {
      // Now and then two changes land microseconds apart.
      t += random.nextInt(10) == 0 ? 1 + random.nextInt(10) : 1_000 + random.nextInt(4_000_000);
      map =
          switch (random.nextInt(3)) {
            case 0 -> map.withSteady(t, randomBpm(random));
            case 1 -> map.withRamp(t, randomBpm(random), 0.25 + random.nextDouble() * 16);
            default -> map.withHold(t);
          };
    }
    return map;
  }

  private static double randomBpm(Random random) {
    return TempoMap.MIN_BPM + random.nextDouble() * (TempoMap.MAX_BPM - TempoMap.MIN_BPM);
  }

  /** A time safely past the last segment's start and the end of every ramp. */
  private static long sweepEnd(TempoMap map) {
    long end = map.lastSegment().startMicros();
    for (TempoSegment segment : map.segments()) {
      if (segment instanceof TempoSegment.Ramp ramp) {
        end = Math.max(end, ramp.startMicros() + (long) Math.ceil(ramp.durationMicros()));
      }
    }
    return end + 2_000_000;
  }

  private static boolean pastTrailingHold(TempoMap map, double beat) {
    return map.lastSegment() instanceof TempoSegment.Hold hold && beat > hold.startBeat();
  }

  /**
   * True from a hold's start up to and including its release: every time in there has the held
   * beat, whose time is the hold's start, so those times do not round-trip.
   */
  private static boolean inOrAtTheEndOfAHold(TempoMap map, long t) {
    List<TempoSegment> segments = map.segments();
    for (int i = 0; i < segments.size(); i++) {
      if (segments.get(i) instanceof TempoSegment.Hold hold
          && t >= hold.startMicros()
          && (i + 1 == segments.size() || t <= segments.get(i + 1).startMicros())) {
        return true;
      }
    }
    return false;
  }

  private static double slope(TempoSegment.Ramp ramp) {
    return Math.abs(ramp.toBpm() - ramp.fromBpm()) / ramp.durationMicros();
  }

  /** The highest tempo within a microsecond of {@code t}. */
  private static double localBpm(TempoMap map, long t) {
    return Math.max(map.bpmAt(t - 1), Math.max(map.bpmAt(t), map.bpmAt(t + 1)));
  }

  /** A hold started during another hold stands on the same beat; the beat's time is the first's. */
  private static TempoSegment.Hold firstHoldOnTheSameBeat(TempoMap map, TempoSegment.Hold hold) {
    for (TempoSegment segment : map.segments()) {
      if (segment instanceof TempoSegment.Hold h && h.startBeat() == hold.startBeat()) {
        return h;
      }
    }
    return hold;
  }
}
