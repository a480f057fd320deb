package org.attune.server.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.attune.audio.bus.RenderObserver;
import org.attune.clock.TempoMap;
import org.attune.form.FormStates;
import org.attune.protocol.v1.ErrorCode;
import org.attune.protocol.v1.FormState;
import org.attune.protocol.v1.MixerCommand;
import org.attune.protocol.v1.Role;
import org.attune.protocol.v1.SetSpotlight;
import org.attune.protocol.v1.SetTurns;
import org.attune.protocol.v1.Snapshot;
import org.attune.server.SoundConfig;
import org.attune.server.metrics.GroupMeters;
import org.attune.server.mixer.SoundSystem;
import org.attune.server.time.VirtualTime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Turn-taking in the spotlight (issue 15, "Spotlight and turn-taking"), on virtual time with the
 * real group and its real mixer (built-in voices): the spotlight goes round the participants in the
 * order they joined, changing exactly on bar lines, with the group's bars between the turns.
 */
class SpotlightTurnsOnVirtualTimeTest {

  private static final String KEY = "fk-Tq7wPz9mXr2b";

  private final VirtualTime time = new VirtualTime();
  private SoundSystem sounds;
  private Group group;
  private String facilitator;
  private final List<String> players = new ArrayList<>();

  @BeforeEach
  void join() throws Exception {
    sounds =
        new SoundSystem(
            SoundConfig.builtIn().withRenderThreads(1), time.clock(), 8, RenderObserver.NONE);
    GroupRegistry groups =
        new GroupRegistry(
            time.loop(),
            time.clock(),
            new GroupSettings(
                50_000, 500_000, 12, TimeUnit.MINUTES.toMicros(10), TimeUnit.MINUTES.toMicros(30)),
            UnpooledByteBufAllocator.DEFAULT,
            GroupMeters.newStats(new SimpleMeterRegistry()),
            sounds);
    group = groups.create("Tuesday group", "KQ7WPZ9M", KEY);
    facilitator =
        group
            .join(JoinRequest.of("Ana", "", Role.FACILITATOR, KEY), new LinkForTests(), m -> {})
            .id();
    for (String name : List.of("Ben", "Cleo", "Dev")) {
      players.add(
          group
              .join(JoinRequest.of(name, "", Role.PARTICIPANT, ""), new LinkForTests(), m -> {})
              .id());
    }
    group.join(JoinRequest.of("Eve", "", Role.LISTENER, ""), new LinkForTests(), m -> {});
  }

  @AfterEach
  void close() {
    group.close();
    sounds.close();
    time.close();
  }

  private void mix(MixerCommand.Builder command) throws Refusal {
    group.mixer(facilitator, 1, command.build());
  }

  private static MixerCommand.Builder turns(int solo, int group) {
    return MixerCommand.newBuilder()
        .setTurns(SetTurns.newBuilder().setSoloBars(solo).setGroupBars(group));
  }

  /** Server time of the downbeat of bar {@code bar}. */
  private long barLine(long bar) {
    Snapshot s = group.snapshot();
    FormState form = s.getForm();
    double beat = form.getBarOriginBeat() + (bar - 1) * FormStates.beatsPerBar(form);
    return TempoMap.fromProto(s.getTempoMap()).timeAt(beat);
  }

  private long barNow() {
    Snapshot s = group.snapshot();
    return FormStates.barAt(
        s.getForm(), TempoMap.fromProto(s.getTempoMap()).beatAt(time.clock().nowMicros()));
  }

  @Test
  void theSpotlightGoesRoundTheParticipantsOnBarLinesWithTheGroupsBarsBetween() throws Refusal {
    time.advanceMicros(1_000_000);
    long now = barNow();
    mix(turns(2, 1));
    assertThat(group.mixerState().getTurnsSoloBars()).isEqualTo(2);
    assertThat(group.mixerState().getTurnsGroupBars()).isEqualTo(1);
    long start = now + 1;
    // Two bars each, one bar of everyone, round the three participants and back to the first.
    List<String> expected = new ArrayList<>();
    for (int turn = 0; turn < 4; turn++) {
      String who = players.get(turn % players.size());
      expected.add(who);
      expected.add(who);
      expected.add("");
    }
    for (int i = 0; i < expected.size(); i++) {
      long line = barLine(start + i);
      time.advanceMicros(line - 1 - time.clock().nowMicros());
      String before = group.mixerState().getSpotlight();
      assertThat(before)
          .as("a microsecond before bar %d", start + i)
          .isEqualTo(i == 0 ? "" : expected.get(i - 1));
      time.advanceMicros(1);
      assertThat(group.mixerState().getSpotlight())
          .as("on the downbeat of bar %d", start + i)
          .isEqualTo(expected.get(i));
    }
  }

  @Test
  void aSpotlightGivenByHandOrTurnsOffStopsTheTurns() throws Refusal {
    mix(turns(1, 0));
    time.advanceMicros(barLine(barNow() + 1) - time.clock().nowMicros());
    assertThat(group.mixerState().getSpotlight()).isEqualTo(players.get(0));
    mix(
        MixerCommand.newBuilder()
            .setSpotlight(SetSpotlight.newBuilder().setParticipantId(players.get(2))));
    assertThat(group.mixerState().getTurnsSoloBars()).isZero();
    time.advanceMicros(barLine(barNow() + 3) - time.clock().nowMicros());
    assertThat(group.mixerState().getSpotlight()).isEqualTo(players.get(2));

    mix(turns(1, 0));
    time.advanceMicros(barLine(barNow() + 1) - time.clock().nowMicros());
    assertThat(group.mixerState().getSpotlight()).isEqualTo(players.get(0));
    mix(turns(0, 0));
    assertThat(group.mixerState().getSpotlight()).isEmpty();
    time.advanceMicros(barLine(barNow() + 3) - time.clock().nowMicros());
    assertThat(group.mixerState().getSpotlight()).isEmpty();
  }

  @Test
  void turnsPastTheirBoundsAreRefusedAndChangeNothing() throws Refusal {
    mix(
        MixerCommand.newBuilder()
            .setSpotlight(SetSpotlight.newBuilder().setParticipantId(players.get(1))));
    for (MixerCommand.Builder bad :
        List.of(
            turns(65, 0),
            turns(2, 65),
            MixerCommand.newBuilder()
                .setTurns(SetTurns.newBuilder().setSoloBars(2).setDuckDb(-41)))) {
      assertThatThrownBy(() -> mix(bad))
          .isInstanceOfSatisfying(
              Refusal.class, r -> assertThat(r.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
    }
    assertThat(group.mixerState().getSpotlight()).isEqualTo(players.get(1));
    assertThat(group.mixerState().getTurnsSoloBars()).isZero();
  }

  @Test
  void theScheduleCountsTurnsAndTheGroupsBars() {
    SpotlightTurns turns = new SpotlightTurns(5, 2, 2, 0);
    int[] expected = {-1, 0, 0, -1, -1, 1, 1, -1, -1, 0, 0};
    for (int i = 0; i < expected.length; i++) {
      assertThat(turns.turnAt(4 + i, 2)).as("bar %d", 4 + i).isEqualTo(expected[i]);
    }
    assertThat(turns.turnAt(5, 0)).isEqualTo(-1);
    assertThat(new SpotlightTurns(1, 3, 0, 0).turnAt(7, 2)).isEqualTo(0);
  }
}
