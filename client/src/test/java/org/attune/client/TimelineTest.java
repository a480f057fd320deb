package org.attune.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.attune.clock.TempoMap;
import org.attune.form.FormStates;
import org.attune.protocol.v1.Dynamic;
import org.attune.protocol.v1.DynamicsRamp;
import org.attune.protocol.v1.FormPatch;
import org.attune.protocol.v1.FormState;
import org.attune.protocol.v1.Progression;
import org.attune.protocol.v1.Snapshot;
import org.attune.protocol.v1.StructureChange;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The timeline on virtual time: the test thread plays the timeline thread. */
class TimelineTest {

  /** Server time runs 10 s ahead of local time. */
  private static final long OFFSET_MICROS = 10_000_000;

  /** Local time at the start of each test: 1 s, so server time is 11 s. */
  private static final long START_NANOS = 1_000_000_000;

  private static final TempoMap STEADY_120 = TempoMap.steady(0, 120);

  private final FakeClock clock = new FakeClock(START_NANOS);
  private final ClockSync sync = new ClockSync(clock::nanoTime, 64);
  private final List<String> fired = new ArrayList<>();
  private final List<Long> firedAtNanos = new ArrayList<>();
  private Timeline timeline;

  @BeforeEach
  void syncTheClock() {
    setOffset(OFFSET_MICROS, 100);
    timeline =
        new Timeline(
            sync,
            clock,
            new ClientListener() {
              @Override
              public void onStructureChangeFired(StructureChange change, long firedLocalNanos) {
                fired.add(change.getSequence() + ":" + change.getDescription());
                firedAtNanos.add(firedLocalNanos);
              }
            });
  }

  /** Feeds one exact probe whose round trip beats every earlier one, so it sets the estimate. */
  private void setOffset(long offsetMicros, long rttMicros) {
    long t0 = clock.nanoTime() / 1_000;
    sync.addSample(
        t0, t0 + rttMicros / 2 + offsetMicros, t0 + rttMicros / 2 + offsetMicros, t0 + rttMicros);
  }

  private static long localNanosOfServer(long serverMicros) {
    return (serverMicros - OFFSET_MICROS) * 1_000;
  }

  private static Snapshot snapshot(long lastSequence, FormState form, StructureChange... pending) {
    return Snapshot.newBuilder()
        .setServerNowMicros(11_000_000)
        .setTempoMap(STEADY_120.toProto())
        .setForm(form)
        .addAllPending(List.of(pending))
        .setLastSequence(lastSequence)
        .setLookaheadMicros(300_000)
        .build();
  }

  private static Snapshot snapshot(long lastSequence, StructureChange... pending) {
    return snapshot(lastSequence, FormStates.initial(), pending);
  }

  private static StructureChange section(long sequence, long effectiveServerMicros, String name) {
    return StructureChange.newBuilder()
        .setSequence(sequence)
        .setEffectiveServerMicros(effectiveServerMicros)
        .setEffectiveBeat(STEADY_120.beatAt(effectiveServerMicros))
        .setTempoMap(STEADY_120.toProto())
        .setForm(FormPatch.newBuilder().setSection(name))
        .setDescription("section " + name)
        .build();
  }

  @Test
  void beforeASnapshotTheTimelineIsAPlaceholder() {
    assertThat(timeline.isKnown()).isFalse();
    assertThat(timeline.form()).isEqualTo(FormStates.initial());
    assertThat(timeline.pending()).isEmpty();
  }

  @Test
  void aSnapshotSetsMapFormAndLookahead() {
    FormState form = FormStates.initial().toBuilder().setSection("Intro").build();
    timeline.applySnapshot(snapshot(3, form));
    assertThat(timeline.isKnown()).isTrue();
    assertThat(timeline.form().getSection()).isEqualTo("Intro");
    assertThat(timeline.tempoMap()).isEqualTo(STEADY_120);
    assertThat(timeline.state().lastSequence()).isEqualTo(3);
    assertThat(timeline.state().lookaheadMicros()).isEqualTo(300_000);
  }

  @Test
  void aChangeFiresAtTheLocalTimeOfItsEffectiveServerTimeAndNotBefore() {
    timeline.applySnapshot(snapshot(0));
    timeline.applyChange(section(1, 12_000_000, "B"));

    clock.forwardTo(localNanosOfServer(12_000_000) - 1);
    assertThat(fired).isEmpty();
    assertThat(timeline.form().getSection()).isEqualTo("A");

    clock.forwardTo(localNanosOfServer(12_000_000));
    assertThat(fired).containsExactly("1:section B");
    assertThat(firedAtNanos).containsExactly(localNanosOfServer(12_000_000));
    assertThat(timeline.form().getSection()).isEqualTo("B");
    assertThat(timeline.pending()).isEmpty();
  }

  @Test
  void aChangesTempoMapIsAdoptedOnArrival() {
    timeline.applySnapshot(snapshot(0));
    TempoMap slower = STEADY_120.withSteady(14_000_000, 60);
    StructureChange change =
        section(1, 14_000_000, "B").toBuilder().setTempoMap(slower.toProto()).build();
    timeline.applyChange(change);
    assertThat(fired).isEmpty();
    assertThat(timeline.tempoMap()).isEqualTo(slower);
    assertThat(timeline.beatAt(16_000_000)).isEqualTo(28 + 2);
    assertThat(timeline.timeAt(30)).isEqualTo(16_000_000);
  }

  @Test
  void formAtForeseesPendingChanges() {
    timeline.applySnapshot(snapshot(0));
    timeline.applyChange(section(1, 12_000_000, "B"));
    TimelineState state = timeline.state();
    assertThat(state.formAt(11_999_999).getSection()).isEqualTo("A");
    assertThat(state.formAt(12_000_000).getSection()).isEqualTo("B");
    assertThat(state.form().getSection()).isEqualTo("A");
  }

  @Test
  void changesFireInOrderOfEffectiveTimeThenSequence() {
    timeline.applySnapshot(snapshot(0));
    timeline.applyChange(section(1, 13_000_000, "late"));
    timeline.applyChange(section(2, 12_000_000, "early"));
    timeline.applyChange(section(3, 13_000_000, "late-too"));
    clock.forward(5, TimeUnit.SECONDS);
    assertThat(fired).containsExactly("2:section early", "1:section late", "3:section late-too");
    assertThat(timeline.form().getSection()).isEqualTo("late-too");
  }

  @Test
  void aChangeAlreadyDueOnArrivalFiresAtOnce() {
    timeline.applySnapshot(snapshot(0));
    timeline.applyChange(section(1, 10_500_000, "B"));
    assertThat(fired).containsExactly("1:section B");
    assertThat(firedAtNanos).containsExactly(START_NANOS);
  }

  @Test
  void aChangeSeenBeforeIsIgnored() {
    timeline.applySnapshot(snapshot(0));
    timeline.applyChange(section(1, 12_000_000, "B"));
    timeline.applyChange(section(1, 12_000_000, "B"));
    timeline.applyChange(section(1, 12_500_000, "C"));
    clock.forward(5, TimeUnit.SECONDS);
    assertThat(fired).containsExactly("1:section B");
  }

  @Test
  void aChangeOlderThanTheSnapshotIsIgnored() {
    timeline.applySnapshot(snapshot(7));
    timeline.applyChange(section(7, 12_000_000, "B"));
    clock.forward(5, TimeUnit.SECONDS);
    assertThat(fired).isEmpty();
  }

  @Test
  void aLaterClockEstimateDelaysTheFiring() {
    timeline.applySnapshot(snapshot(0));
    timeline.applyChange(section(1, 12_000_000, "B"));
    // The server turns out to be 50 ms less ahead: its 12 s is 50 ms later here.
    clock.forward(500, TimeUnit.MILLISECONDS);
    setOffset(OFFSET_MICROS - 50_000, 50);

    clock.forwardTo(localNanosOfServer(12_000_000) + 49_999_999);
    assertThat(fired).isEmpty();
    clock.forwardTo(localNanosOfServer(12_000_000) + 50_000_000);
    assertThat(firedAtNanos).containsExactly(localNanosOfServer(12_000_000) + 50_000_000);
  }

  @Test
  void anEarlierClockEstimateIsFollowedWithinOneSleep() {
    timeline.applySnapshot(snapshot(0));
    timeline.applyChange(section(1, 12_000_000, "B"));
    clock.forward(500, TimeUnit.MILLISECONDS);
    setOffset(OFFSET_MICROS + 200_000, 50);
    long due = localNanosOfServer(12_000_000) - 200_000_000;

    clock.forwardTo(due - 1);
    assertThat(fired).isEmpty();
    clock.forwardTo(localNanosOfServer(12_000_000));
    assertThat(firedAtNanos).hasSize(1);
    assertThat(firedAtNanos.get(0)).isBetween(due, due + Timeline.MAX_SLEEP_MICROS * 1_000);
  }

  @Test
  void aSnapshotReportsPendingChangesItSaysAreInEffectWithoutApplyingThemTwice() {
    timeline.applySnapshot(snapshot(0));
    timeline.applyChange(section(1, 12_000_000, "B"));
    FormState afterB = FormStates.initial().toBuilder().setSection("B").setGroove("swing").build();

    timeline.applySnapshot(snapshot(1, afterB));

    assertThat(fired).containsExactly("1:section B");
    assertThat(timeline.form()).isEqualTo(afterB);
    assertThat(timeline.pending()).isEmpty();
    clock.forward(5, TimeUnit.SECONDS);
    assertThat(fired).hasSize(1);
  }

  @Test
  void aSnapshotsPendingChangesFireAtTheirTimesAndMissedOnesThatAreDueFireAtOnce() {
    timeline.applySnapshot(snapshot(0));
    timeline.applyChange(section(1, 13_000_000, "B"));

    timeline.applySnapshot(
        snapshot(
            3,
            section(1, 13_000_000, "B"),
            section(2, 10_900_000, "X"),
            section(3, 14_000_000, "C")));

    assertThat(fired).containsExactly("2:section X");
    clock.forwardTo(localNanosOfServer(13_000_000));
    assertThat(fired).containsExactly("2:section X", "1:section B");
    clock.forwardTo(localNanosOfServer(14_000_000));
    assertThat(fired).containsExactly("2:section X", "1:section B", "3:section C");
    assertThat(firedAtNanos.subList(1, 3))
        .containsExactly(localNanosOfServer(13_000_000), localNanosOfServer(14_000_000));
  }

  @Test
  void aSnapshotKeepsChangesNewerThanItself() {
    timeline.applySnapshot(snapshot(0));
    TempoMap faster = STEADY_120.withSteady(13_000_000, 150);
    timeline.applyChange(
        section(5, 13_000_000, "B").toBuilder().setTempoMap(faster.toProto()).build());

    timeline.applySnapshot(snapshot(4));

    assertThat(timeline.pending()).extracting(StructureChange::getSequence).containsExactly(5L);
    assertThat(timeline.tempoMap()).isEqualTo(faster);
    clock.forward(5, TimeUnit.SECONDS);
    assertThat(fired).containsExactly("5:section B");
  }

  @Test
  void aSnapshotCancelsTheTimersOfWhatItReplaces() {
    timeline.applySnapshot(snapshot(0));
    timeline.applyChange(section(1, 12_000_000, "B"));
    timeline.applySnapshot(snapshot(1));
    assertThat(clock.pendingTasks()).isZero();
  }

  @Test
  void acceptHandsTheMessageToTheTimelineThread() {
    timeline.accept(snapshot(0));
    timeline.accept(section(1, 12_000_000, "B"));
    assertThat(timeline.isKnown()).isFalse();
    clock.runDueTasks();
    assertThat(timeline.isKnown()).isTrue();
    assertThat(timeline.pending()).hasSize(1);
    clock.forward(2, TimeUnit.SECONDS);
    assertThat(fired).containsExactly("1:section B");
  }

  @Test
  void barBeatChordAndDynamicsFollowTheForm() {
    FormState form =
        FormStates.initial().toBuilder()
            .setProgression(Progression.newBuilder().addChords("I").addChords("IV").setStartBeat(0))
            .setDynamics(
                DynamicsRamp.newBuilder()
                    .setFrom(Dynamic.P)
                    .setTo(Dynamic.F)
                    .setStartBeat(20)
                    .setBeats(4))
            .build();
    timeline.applySnapshot(snapshot(0, form));
    // Server 11 s at 120 BPM from 0 is beat 22: bar 6, beat 3; bar 6 is the second chord (IV).
    assertThat(timeline.nowBeat()).isEqualTo(22);
    assertThat(timeline.barNow()).isEqualTo(6);
    assertThat(timeline.beatInBarNow()).isEqualTo(3);
    assertThat(timeline.currentChord().symbol()).isEqualTo("IV");
    assertThat(timeline.state().dynamicsLevelAt(11_000_000)).isEqualTo(4.5);
    assertThat(timeline.state().bpmAt(11_000_000)).isEqualTo(120);
  }
}
