package org.attune.server.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.attune.clock.TempoMap;
import org.attune.protocol.v1.ErrorCode;
import org.attune.protocol.v1.FacilitatorCommand;
import org.attune.protocol.v1.FollowMember;
import org.attune.protocol.v1.Gesture;
import org.attune.protocol.v1.Pad;
import org.attune.protocol.v1.Role;
import org.attune.protocol.v1.ServerMessage;
import org.attune.protocol.v1.SetTempo;
import org.attune.server.metrics.GroupMeters;
import org.attune.server.time.VirtualTime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Following a member's tempo (issue 15, "Follow the client"), on virtual time with the real group
 * and planner: a simulated member that slows from 100 to 80 BPM over 16 bars, with the timing
 * scatter of a person (8 ms), is followed; the tempo error and the lag are measured and printed.
 */
class TempoFollowingOnVirtualTimeTest {

  private static final String KEY = "fk-Tq7wPz9mXr2b";

  private final VirtualTime time = new VirtualTime();
  private final GroupStats stats = GroupMeters.newStats(new SimpleMeterRegistry());
  private final GroupRegistry groups =
      new GroupRegistry(
          time.loop(),
          time.clock(),
          new GroupSettings(
              50_000, 500_000, 12, TimeUnit.MINUTES.toMicros(10), TimeUnit.MINUTES.toMicros(30)),
          UnpooledByteBufAllocator.DEFAULT,
          stats);
  private final Group group = groups.create("Tuesday group", "KQ7WPZ9M", KEY);
  private LinkForTests facilitatorLink;
  private String facilitator;
  private String client;

  @BeforeEach
  void join() throws Refusal {
    facilitatorLink = new LinkForTests();
    facilitator =
        group.join(JoinRequest.of("Ana", "", Role.FACILITATOR, KEY), facilitatorLink, m -> {}).id();
    client =
        group
            .join(JoinRequest.of("Ben", "drum", Role.PARTICIPANT, ""), new LinkForTests(), m -> {})
            .id();
    group.command(
        facilitator,
        1,
        FacilitatorCommand.newBuilder().setTempo(SetTempo.newBuilder().setBpm(100)).build(),
        0);
    time.advance(Duration.ofSeconds(2));
  }

  @AfterEach
  void close() {
    time.close();
  }

  private void follow(String who, double min, double max) throws Refusal {
    group.command(
        facilitator,
        2,
        FacilitatorCommand.newBuilder()
            .setFollow(
                FollowMember.newBuilder().setParticipantId(who).setMinBpm(min).setMaxBpm(max))
            .build(),
        0);
  }

  private double groupBpmAt(long micros) {
    return TempoMap.fromProto(group.snapshot().getTempoMap()).bpmAt(micros);
  }

  /** One onset of the client, played at {@code micros}, heard 5 ms later. */
  private void play(long micros) throws Refusal {
    time.advanceMicros(micros + 5_000 - time.clock().nowMicros());
    group.gesture(
        client,
        Gesture.newBuilder()
            .setPad(Pad.newBuilder().setDegree(1))
            .setVelocity(0.7f)
            .setPlayedAtServerMicros(micros)
            .build(),
        time.clock().nowMicros());
  }

  @Test
  void theGroupFollowsAClientWhoSlowsFrom100To80BpmOver16Bars() throws Refusal {
    follow(client, 60, 140);
    Random scatter = new Random(7);
    int drift = 64;
    int hold = 32;
    List<double[]> points = new ArrayList<>(); // beat n, client's bpm, group's bpm, asynchrony
    long t = time.clock().nowMicros() + 300_000;
    for (int n = 0; n <= drift + hold; n++) {
      double clientBpm = 100 - 20.0 * Math.min(n, drift) / drift;
      long played = t + Math.round(scatter.nextGaussian() * 8_000);
      play(played);
      TempoMap map = TempoMap.fromProto(group.snapshot().getTempoMap());
      double beat = map.beatAt(played);
      points.add(new double[] {n, clientBpm, groupBpmAt(played), beat - Math.rint(beat)});
      t += Math.round(60e6 / clientBpm);
    }
    double errorSum = 0;
    double errorMax = 0;
    int counted = 0;
    for (double[] p : points) {
      if (p[0] >= 8 && p[0] <= drift) {
        double e = Math.abs(p[2] - p[1]);
        errorSum += e;
        errorMax = Math.max(errorMax, e);
        counted++;
      }
    }
    double lag = lagBeats(points, drift);
    double settled = 0;
    double phase = 0;
    int last = 0;
    for (double[] p : points) {
      if (p[0] >= drift + hold / 2) {
        settled = Math.max(settled, Math.abs(p[2] - 80));
        phase += Math.abs(p[3]);
        last++;
      }
    }
    System.out.printf(
        "follow the client 100->80 BPM over 16 bars: tempo error mean %.2f BPM, max %.2f;"
            + " lag %.2f beats; after it held 80 for 4 bars: error max %.2f BPM,"
            + " onsets %.0f ms from the beats on average; %d tempo steps%n",
        errorSum / counted,
        errorMax,
        lag,
        settled,
        phase / last * 60e3 / 80,
        stats.tempoFollowed.sum());
    assertThat(errorSum / counted).as("mean tempo error while the client slows").isLessThan(2.5);
    assertThat(lag).as("lag in beats").isLessThanOrEqualTo(4);
    assertThat(settled).as("once the client holds 80").isLessThan(1.5);
    assertThat(phase / last).as("the group's beats meet the client's onsets").isLessThan(0.1);
  }

  /** The shift, in beats, that best lays the group's tempo curve onto the client's. */
  private static double lagBeats(List<double[]> points, int drift) {
    double best = 0;
    double bestError = Double.MAX_VALUE;
    for (double lag = 0; lag <= 8; lag += 0.25) {
      double sum = 0;
      int n = 0;
      for (double[] p : points) {
        double at = p[0] - lag;
        if (p[0] >= 8 && p[0] <= drift && at >= 0) {
          double clientThen = 100 - 20.0 * Math.min(at, drift) / drift;
          sum += (p[2] - clientThen) * (p[2] - clientThen);
          n++;
        }
      }
      double rms = Math.sqrt(sum / n);
      if (rms < bestError) {
        bestError = rms;
        best = lag;
      }
    }
    return best;
  }

  @Test
  void theTempoStaysWithinTheFacilitatorsBounds() throws Refusal {
    follow(client, 90, 110);
    long t = time.clock().nowMicros() + 300_000;
    for (int n = 0; n < 40; n++) {
      play(t);
      t += Math.round(60e6 / 70);
    }
    assertThat(groupBpmAt(time.clock().nowMicros() + 2_000_000)).isEqualTo(90);
  }

  @Test
  void eighthsAndHalfNotesCountAsTheSameTempo() throws Refusal {
    follow(client, 60, 140);
    long t = time.clock().nowMicros() + 300_000;
    double[] beats = {1, 0.5, 0.5, 2, 1, 0.5, 0.5, 1, 2, 1, 1, 0.5, 0.5, 2, 1, 1};
    for (double b : beats) {
      play(t);
      t += Math.round(b * 60e6 / 90);
    }
    play(t);
    assertThat(groupBpmAt(time.clock().nowMicros() + 2_000_000))
        .isCloseTo(90, org.assertj.core.api.Assertions.within(3.0));
  }

  @Test
  void theFacilitatorsOwnTempoEndsFollowingAndSoDoesTheMemberLeaving() throws Refusal {
    follow(client, 60, 140);
    group.command(
        facilitator,
        3,
        FacilitatorCommand.newBuilder().setTempo(SetTempo.newBuilder().setBpm(120)).build(),
        0);
    time.advance(Duration.ofSeconds(1));
    long t = time.clock().nowMicros() + 300_000;
    for (int n = 0; n < 12; n++) {
      play(t);
      t += Math.round(60e6 / 80);
    }
    assertThat(groupBpmAt(time.clock().nowMicros())).isEqualTo(120);

    follow(client, 60, 140);
    group.leave(client);
    assertThat(stats.tempoFollowed.sum()).isZero();
  }

  @Test
  void followingSomeoneWhoIsNotHereOrBoundsTheWrongWayRoundIsRefusedAndChangesNothing() {
    for (FollowMember bad :
        List.of(
            FollowMember.newBuilder().setParticipantId("m99").build(),
            FollowMember.newBuilder().setParticipantId(client).setMinBpm(120).setMaxBpm(80).build(),
            FollowMember.newBuilder().setParticipantId(client).setMinBpm(10).build(),
            FollowMember.newBuilder().setParticipantId(client).setMaxBpm(Double.NaN).build())) {
      assertThatThrownBy(
              () ->
                  group.command(
                      facilitator, 4, FacilitatorCommand.newBuilder().setFollow(bad).build(), 0))
          .isInstanceOfSatisfying(
              Refusal.class, r -> assertThat(r.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
    }
    assertThatThrownBy(
            () ->
                group.command(
                    client,
                    5,
                    FacilitatorCommand.newBuilder()
                        .setFollow(FollowMember.newBuilder().setParticipantId(client))
                        .build(),
                    0))
        .isInstanceOfSatisfying(
            Refusal.class, r -> assertThat(r.code()).isEqualTo(ErrorCode.FORBIDDEN));
  }

  @Test
  void theFacilitatorSeesWhoIsFollowedAndTheirTempo() throws Refusal {
    follow(client, 60, 140);
    long t = time.clock().nowMicros() + 300_000;
    for (int n = 0; n < 8; n++) {
      play(t);
      t += Math.round(60e6 / 96);
    }
    time.advance(Duration.ofSeconds(3));
    ServerMessage last =
        facilitatorLink.sent.stream()
            .filter(ServerMessage::hasObservations)
            .reduce((a, b) -> b)
            .orElseThrow();
    assertThat(last.getObservations().getFollowedParticipantId()).isEqualTo(client);
    assertThat(last.getObservations().getFollowedBpm())
        .isCloseTo(96, org.assertj.core.api.Assertions.within(1.0f));
  }
}
