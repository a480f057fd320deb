package org.attune.server.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.attune.clock.TempoMap;
import org.attune.form.FormStates;
import org.attune.protocol.v1.ErrorCode;
import org.attune.protocol.v1.FacilitatorCommand;
import org.attune.protocol.v1.Quantize;
import org.attune.protocol.v1.SetSection;
import org.attune.protocol.v1.SetTempo;
import org.junit.jupiter.api.Test;

/**
 * The edge cases of time in planning a change, on virtual time: the planner takes "now plus the
 * look-ahead" as an argument, so these run at whatever server time they name.
 */
class StructurePlannerTest {

  /** 120 BPM from beat 0 at server time 1 s: two beats a second. */
  private static final long ORIGIN_MICROS = 1_000_000;

  private static final TempoMap MAP = TempoMap.steady(ORIGIN_MICROS, 120);

  /** Ten seconds in: beat 20 is the earliest. */
  private static final long EARLIEST_MICROS = ORIGIN_MICROS + 10_000_000;

  private static FacilitatorCommand sectionAtBeat(double beat) {
    return FacilitatorCommand.newBuilder()
        .setQuantize(Quantize.newBuilder().setBoundary(Quantize.Boundary.AT_BEAT).setAtBeat(beat))
        .setSection(SetSection.newBuilder().setName("B"))
        .build();
  }

  private static StructurePlanner.Plan plan(FacilitatorCommand command, long earliestMicros)
      throws Refusal {
    return StructurePlanner.plan(command, MAP, micros -> FormStates.initial(), earliestMicros);
  }

  private static void assertRefused(FacilitatorCommand command, ErrorCode code) {
    assertThatThrownBy(() -> plan(command, EARLIEST_MICROS))
        .isInstanceOfSatisfying(Refusal.class, r -> assertThat(r.code()).isEqualTo(code));
  }

  @Test
  void atBeat_aFewBeatsAhead_takesEffectThere() throws Refusal {
    StructurePlanner.Plan plan = plan(sectionAtBeat(24), EARLIEST_MICROS);
    assertThat(plan.beat()).isEqualTo(24);
    assertThat(plan.micros()).isEqualTo(ORIGIN_MICROS + 12_000_000);
  }

  @Test
  void atBeat_nan_isRefused() {
    assertRefused(sectionAtBeat(Double.NaN), ErrorCode.INVALID_ARGUMENT);
  }

  @Test
  void atBeat_infinite_isRefused() {
    assertRefused(sectionAtBeat(Double.POSITIVE_INFINITY), ErrorCode.INVALID_ARGUMENT);
    assertRefused(sectionAtBeat(Double.NEGATIVE_INFINITY), ErrorCode.INVALID_ARGUMENT);
  }

  @Test
  void atBeat_inThePast_isTooSoon() {
    assertRefused(sectionAtBeat(19), ErrorCode.TOO_SOON);
    assertRefused(sectionAtBeat(-1e300), ErrorCode.TOO_SOON);
  }

  @Test
  void atBeat_farEnoughToOverflowServerTime_isRefused() {
    // 1e14 beats at 120 BPM is 5e19 µs: past Long.MAX_VALUE; 1e300 is past any long.
    assertRefused(sectionAtBeat(1e14), ErrorCode.INVALID_ARGUMENT);
    assertRefused(sectionAtBeat(1e300), ErrorCode.INVALID_ARGUMENT);
    assertRefused(sectionAtBeat(Double.MAX_VALUE), ErrorCode.INVALID_ARGUMENT);
  }

  @Test
  void atBeat_justPastTheLimit_isRefused_atTheLimit_isScheduled() throws Refusal {
    double earliestBeat = 20;
    assertRefused(
        sectionAtBeat(earliestBeat + StructurePlanner.MAX_BEATS_AHEAD + 1),
        ErrorCode.INVALID_ARGUMENT);
    StructurePlanner.Plan plan =
        plan(sectionAtBeat(earliestBeat + StructurePlanner.MAX_BEATS_AHEAD), EARLIEST_MICROS);
    assertThat(plan.micros())
        .isEqualTo(EARLIEST_MICROS + (long) StructurePlanner.MAX_BEATS_AHEAD * 500_000);
  }

  @Test
  void nextPhrase_ofAHugePhrase_isRefused() {
    FacilitatorCommand command =
        FacilitatorCommand.newBuilder()
            .setQuantize(
                Quantize.newBuilder()
                    .setBoundary(Quantize.Boundary.NEXT_PHRASE)
                    .setPhraseBars(Integer.MAX_VALUE))
            .setTempo(SetTempo.newBuilder().setBpm(100))
            .build();
    assertRefused(command, ErrorCode.INVALID_ARGUMENT);
  }

  @Test
  void atBeat_nearTheEndOfTheClock_isScheduledAfterTheEarliestTime() throws Refusal {
    // Server time far along (about 292,000 years less 100 s): the change still lands after now.
    long late = Long.MAX_VALUE - 100_000_000;
    TempoMap map = TempoMap.steady(late - 10_000_000, 120);
    StructurePlanner.Plan plan =
        StructurePlanner.plan(sectionAtBeat(30), map, micros -> FormStates.initial(), late);
    assertThat(plan.micros() - late).isEqualTo(5_000_000);
    assertThatThrownBy(
            () ->
                StructurePlanner.plan(
                    sectionAtBeat(1e6), map, micros -> FormStates.initial(), late))
        .isInstanceOf(Refusal.class);
  }
}
