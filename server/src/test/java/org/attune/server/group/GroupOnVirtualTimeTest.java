package org.attune.server.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.attune.clock.TempoMap;
import org.attune.protocol.v1.ErrorCode;
import org.attune.protocol.v1.FacilitatorCommand;
import org.attune.protocol.v1.Quantize;
import org.attune.protocol.v1.Role;
import org.attune.protocol.v1.SetSection;
import org.attune.protocol.v1.SetTempo;
import org.attune.protocol.v1.Snapshot;
import org.attune.server.metrics.GroupMeters;
import org.attune.server.time.VirtualTime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A group's rules of time on virtual time: the clock it reads and the timers it sets are one
 * ticker, moved by the test, so that ten minutes of grace take no time and every edge is exact.
 */
class GroupOnVirtualTimeTest {

  private static final long GRACE_MICROS = TimeUnit.MINUTES.toMicros(10);
  private static final long IDLE_END_MICROS = TimeUnit.MINUTES.toMicros(30);
  private static final String KEY = "fk-Tq7wPz9mXr2b";

  private final VirtualTime time = new VirtualTime();
  private final GroupRegistry groups =
      new GroupRegistry(
          time.loop(),
          time.clock(),
          new GroupSettings(50_000, 500_000, 12, GRACE_MICROS, IDLE_END_MICROS),
          UnpooledByteBufAllocator.DEFAULT,
          GroupMeters.newStats(new SimpleMeterRegistry()));
  private final Group group = groups.create("Tuesday group", "KQ7WPZ9M", KEY);
  private final Admission admission =
      new Admission(groups, new FailedJoinLimiter(time.clock(), 10, 60_000_000));

  @AfterEach
  void close() {
    time.close();
  }

  private LinkForTests join(String name, Role role) throws Refusal {
    LinkForTests link = new LinkForTests();
    group.join(JoinRequest.of(name, "", role, role == Role.FACILITATOR ? KEY : ""), link, m -> {});
    return link;
  }

  private String idOf(LinkForTests link) {
    return link.sent.stream()
        .filter(m -> m.hasWelcome())
        .findFirst()
        .orElseThrow()
        .getWelcome()
        .getParticipantId();
  }

  private TempoMap tempoNow() {
    return TempoMap.fromProto(group.snapshot().getTempoMap());
  }

  private boolean connected(String memberId) {
    return group.roster().getMembersList().stream()
        .anyMatch(m -> m.getParticipantId().equals(memberId) && m.getConnected());
  }

  private boolean inRoster(String memberId) {
    return group.roster().getMembersList().stream()
        .anyMatch(m -> m.getParticipantId().equals(memberId));
  }

  @Test
  void aDroppedMemberMayResumeWithinTheGraceAndIsGoneAfterIt() throws Refusal {
    join("Ana", Role.FACILITATOR);
    LinkForTests ben = join("Ben", Role.PARTICIPANT);
    String id = idOf(ben);
    group.linkLost(id, ben);
    assertThat(inRoster(id)).isTrue();
    assertThat(connected(id)).isFalse();

    time.advanceMicros(GRACE_MICROS - 1);
    LinkForTests back = new LinkForTests();
    group.resume(ben.token(), back, m -> {});
    assertThat(connected(id)).isTrue();

    group.linkLost(id, back);
    time.advanceMicros(GRACE_MICROS - 1);
    assertThat(inRoster(id)).isTrue();
    time.advanceMicros(1);
    assertThat(inRoster(id)).isFalse();
    assertThatThrownBy(() -> group.resume(back.token(), new LinkForTests(), m -> {}))
        .isInstanceOfSatisfying(
            Refusal.class, r -> assertThat(r.code()).isEqualTo(ErrorCode.UNKNOWN_SESSION));
    assertThat(groups.findBySessionToken(back.token())).isEmpty();
  }

  @Test
  void aResumeWithinTheGraceIsNotUndoneByTheEarlierDropsTimer() throws Refusal {
    LinkForTests ben = join("Ben", Role.PARTICIPANT);
    String id = idOf(ben);
    group.linkLost(id, ben);
    time.advanceMicros(GRACE_MICROS / 2);
    LinkForTests back = new LinkForTests();
    group.resume(ben.token(), back, m -> {});
    time.advanceMicros(GRACE_MICROS);
    assertThat(connected(id)).isTrue();
  }

  @Test
  void aLinkThatClosedWhileItWasAdmittedIsLostAtOnce() throws Refusal {
    LinkForTests closing = new LinkForTests();
    group.join(
        JoinRequest.of("Cleo", "", Role.PARTICIPANT, ""), closing, m -> closing.open = false);
    String id = idOf(closing);
    assertThat(inRoster(id)).isTrue();
    assertThat(connected(id)).as("no member stays connected to a closed link").isFalse();

    LinkForTests osc = new LinkForTests(false);
    group.join(JoinRequest.of("Dev", "", Role.PARTICIPANT, ""), osc, m -> osc.open = false);
    assertThat(inRoster(idOf(osc))).as("a link that cannot resume leaves").isFalse();
  }

  @Test
  void aFullGroupGivesThePlaceOfTheLongestGoneMemberOnlyAfterItWasKeptAWhile() throws Refusal {
    GroupSettings settings = new GroupSettings(50_000, 500_000, 12, GRACE_MICROS, IDLE_END_MICROS);
    LinkForTests first = null;
    for (int i = 0; i < settings.memberPlaces(); i++) {
      LinkForTests link = join("p" + i, Role.PARTICIPANT);
      if (i == 0) {
        first = link;
      }
    }
    group.linkLost(idOf(first), first);
    time.advanceMicros(settings.placeKeptMicros() - 1);
    assertThatThrownBy(() -> join("late", Role.PARTICIPANT))
        .isInstanceOfSatisfying(
            Refusal.class, r -> assertThat(r.code()).isEqualTo(ErrorCode.GROUP_FULL));
    time.advanceMicros(1);
    join("late", Role.PARTICIPANT);
    assertThat(inRoster(idOf(first))).isFalse();
    assertThat(join("Ana", Role.FACILITATOR).errors()).isEmpty();
  }

  @Test
  void aGroupWithNobodyConnectedEndsAfterItsIdleTimeAndNotBefore() throws Refusal {
    LinkForTests ana = join("Ana", Role.FACILITATOR);
    group.linkLost(idOf(ana), ana);
    time.advance(Duration.ofMinutes(29));
    assertThat(group.hasEnded()).isFalse();
    time.advance(Duration.ofMinutes(8));
    assertThat(group.hasEnded()).isTrue();
    assertThatThrownBy(() -> join("Ben", Role.PARTICIPANT))
        .isInstanceOfSatisfying(
            Refusal.class, r -> assertThat(r.code()).isEqualTo(ErrorCode.UNKNOWN_GROUP));
  }

  private static FacilitatorCommand sectionAt(double beat, String name) {
    return FacilitatorCommand.newBuilder()
        .setQuantize(Quantize.newBuilder().setBoundary(Quantize.Boundary.AT_BEAT).setAtBeat(beat))
        .setSection(SetSection.newBuilder().setName(name))
        .build();
  }

  @Test
  void aChangeTakesEffectWhenTheClockReachesItsBeat() throws Refusal {
    String ana = idOf(join("Ana", Role.FACILITATOR));
    long beat8 = tempoNow().timeAt(8);
    group.command(ana, 1, sectionAt(8, "B"), time.clock().nowMicros());
    Snapshot before = group.snapshot();
    assertThat(before.getPendingCount()).isEqualTo(1);
    long at = before.getPending(0).getEffectiveServerMicros();
    assertThat(at).isEqualTo(beat8);

    time.advanceMicros(at - 1);
    assertThat(group.snapshot().getForm().getSection()).isNotEqualTo("B");
    time.advanceMicros(1);
    Snapshot after = group.snapshot();
    assertThat(after.getForm().getSection()).isEqualTo("B");
    assertThat(after.getPendingCount()).isZero();
  }

  @Test
  void beatsThatAreNotFiniteOrTooFarAreRefusedAndChangeNothing() throws Refusal {
    String ana = idOf(join("Ana", Role.FACILITATOR));
    time.advance(Duration.ofSeconds(30));
    Snapshot before = group.snapshot();
    double nowBeat = tempoNow().beatAt(time.clock().nowMicros());
    for (double beat :
        new double[] {
          Double.NaN,
          Double.POSITIVE_INFINITY,
          Double.NEGATIVE_INFINITY,
          1e300,
          9.3e18,
          Long.MAX_VALUE,
          nowBeat + StructurePlanner.MAX_BEATS_AHEAD + 1
        }) {
      assertThatThrownBy(() -> group.command(ana, 2, sectionAt(beat, "C"), 0))
          .as("beat %s", beat)
          .isInstanceOf(Refusal.class);
    }
    assertThat(group.snapshot().getPendingList()).isEqualTo(before.getPendingList());
    assertThat(group.snapshot().getLastSequence()).isEqualTo(before.getLastSequence());
  }

  @Test
  void aBeatInThePastOrWithinTheLookAheadIsTooSoon() throws Refusal {
    String ana = idOf(join("Ana", Role.FACILITATOR));
    time.advance(Duration.ofSeconds(30));
    double nowBeat = tempoNow().beatAt(time.clock().nowMicros());
    // The look-ahead is 50 ms: a hundredth of a beat from now is within it at any tempo here.
    for (double beat : new double[] {0, -1e12, nowBeat, nowBeat + 0.01}) {
      assertThatThrownBy(() -> group.command(ana, 3, sectionAt(beat, "C"), 0))
          .as("beat %s", beat)
          .isInstanceOfSatisfying(
              Refusal.class, r -> assertThat(r.code()).isEqualTo(ErrorCode.TOO_SOON));
    }
    assertThat(group.snapshot().getPendingCount()).isZero();
  }

  @Test
  void aNewTempoHoldsFromItsBeatOnTheClock() throws Refusal {
    String ana = idOf(join("Ana", Role.FACILITATOR));
    group.command(
        ana,
        4,
        FacilitatorCommand.newBuilder()
            .setQuantize(Quantize.newBuilder().setBoundary(Quantize.Boundary.AT_BEAT).setAtBeat(4))
            .setTempo(SetTempo.newBuilder().setBpm(60))
            .build(),
        0);
    long beat4 = tempoNow().timeAt(4);
    time.advance(Duration.ofSeconds(5));
    long now = time.clock().nowMicros();
    // 60 BPM from beat 4: one beat a second after it.
    assertThat(tempoNow().beatAt(now))
        .isCloseTo(4 + (now - beat4) / 1e6, org.assertj.core.api.Assertions.within(1e-6));
  }

  @Test
  void wrongFacilitatorKeysFromManyAddressesBlockTheGroupsKeyForTheWindowOnly() throws Exception {
    for (int i = 0; i <= FailedJoinLimiter.GROUP_KEY_FAILURES; i++) {
      InetAddress from = InetAddress.getByName("10.0.0." + (i + 1));
      JoinRequest wrong = JoinRequest.of("X", "", Role.FACILITATOR, "wrong-key-" + i);
      Group found = admission.groupToJoin(from, group.joinCode(), wrong);
      assertThatThrownBy(() -> admission.join(found, from, wrong, new LinkForTests(), m -> {}))
          .isInstanceOfSatisfying(
              Refusal.class, r -> assertThat(r.code()).isEqualTo(ErrorCode.BAD_FACILITATOR_KEY));
    }
    InetAddress fresh = InetAddress.getByName("10.0.1.1");
    JoinRequest right = JoinRequest.of("Ana", "", Role.FACILITATOR, KEY);
    assertThatThrownBy(() -> admission.groupToJoin(fresh, group.joinCode(), right))
        .isInstanceOfSatisfying(
            Refusal.class, r -> assertThat(r.code()).isEqualTo(ErrorCode.RATE_LIMITED));
    JoinRequest participant = JoinRequest.of("Ben", "", Role.PARTICIPANT, "");
    assertThat(admission.groupToJoin(fresh, group.joinCode(), participant)).isSameAs(group);

    time.advance(Duration.ofSeconds(61));
    Group found = admission.groupToJoin(fresh, group.joinCode(), right);
    LinkForTests ana = new LinkForTests();
    admission.join(found, fresh, right, ana, m -> {});
    assertThat(connected(idOf(ana))).isTrue();
  }
}
