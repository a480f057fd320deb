package org.attune.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.attune.protocol.v1.ClientMessage;
import org.attune.protocol.v1.ErrorCode;
import org.attune.protocol.v1.Join;
import org.attune.protocol.v1.Resume;
import org.attune.protocol.v1.Role;
import org.attune.protocol.v1.ServerMessage;
import org.attune.protocol.v1.Welcome;
import org.attune.server.group.Group;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 10, "Lockouts: group slots": whoever has the join code must not be able to keep the
 * facilitator out by filling the group's places and dropping, and places of members that dropped
 * are given to new ones once the group is full.
 */
class GroupSlotsOverSocketsTest {

  private AttuneServer server;
  private Group group;
  private final List<TcpPeer> peers = new ArrayList<>();

  private void start(Duration resumeGrace) throws Exception {
    server = AttuneServer.start(ServerConfig.onFreePorts().withResumeGrace(resumeGrace));
    group = server.groups().create("slots");
  }

  @AfterEach
  void stop() throws Exception {
    for (TcpPeer p : peers) {
      p.close();
    }
    server.close();
  }

  private TcpPeer peer() throws Exception {
    TcpPeer p = new TcpPeer(server.tcpPort(), group.joinCode());
    peers.add(p);
    return p;
  }

  /** Joins as {@code role}; the Welcome, or the Error that refused it. */
  private ServerMessage tryJoin(TcpPeer p, String name, Role role, String key) throws Exception {
    p.send(
        ClientMessage.newBuilder()
            .setJoin(
                Join.newBuilder()
                    .setGroupCode(group.joinCode())
                    .setName(name)
                    .setRole(role)
                    .setFacilitatorKey(key)));
    return p.await(m -> m.hasWelcome() || m.hasError());
  }

  /** Joins participants until the group refuses one; returns their Welcomes. */
  private List<Welcome> fillWithParticipants() throws Exception {
    List<Welcome> welcomes = new ArrayList<>();
    for (int i = 0; i < 70; i++) {
      ServerMessage answer = tryJoin(peer(), "p" + i, Role.PARTICIPANT, "");
      if (answer.hasError()) {
        assertThat(answer.getError().getCode()).isEqualTo(ErrorCode.GROUP_FULL);
        return welcomes;
      }
      welcomes.add(answer.getWelcome());
    }
    throw new AssertionError("70 participants joined a group of 64 places");
  }

  private void dropAll() throws Exception {
    for (TcpPeer p : peers) {
      p.close();
    }
    peers.clear();
  }

  private long connected() throws Exception {
    return group.executor().submit(group::roster).get().getMembersList().stream()
        .filter(org.attune.protocol.v1.Member::getConnected)
        .count();
  }

  private void awaitConnected(long n) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (connected() != n) {
      assertThat(System.nanoTime() - deadline).as("%d members connected", n).isNegative();
      Thread.sleep(20);
    }
  }

  @Test
  void aFacilitatorGetsIntoAGroupThatParticipantsFilledAndLeftHeldForTheResumeGrace()
      throws Exception {
    start(Duration.ofMinutes(10));
    List<Welcome> filled = fillWithParticipants();
    assertThat(filled).hasSizeLessThan(64);
    dropAll();
    awaitConnected(0);

    ServerMessage answer = tryJoin(peer(), "Therapist", Role.FACILITATOR, group.facilitatorKey());

    assertThat(answer.hasWelcome()).as("facilitator admitted, not %s", answer).isTrue();
    assertThat(answer.getWelcome().getRole()).isEqualTo(Role.FACILITATOR);
  }

  @Test
  void aJoinIntoAFullGroupTakesThePlaceOfTheMemberThatDroppedLongestAgoOnceItsPlaceIsNoLongerKept()
      throws Exception {
    // A 20 s grace keeps a dropped member's place for a twentieth of it: 1 s.
    start(Duration.ofSeconds(20));
    List<Welcome> filled = fillWithParticipants();
    // The first to join drops first, then the second; everyone else stays.
    peers.get(0).close();
    Thread.sleep(50);
    peers.get(1).close();
    awaitConnected(filled.size() - 2);

    ServerMessage tooSoon = tryJoin(peer(), "early", Role.PARTICIPANT, "");
    assertThat(tooSoon.hasError()).as("refused while places are kept, not %s", tooSoon).isTrue();
    assertThat(tooSoon.getError().getCode()).isEqualTo(ErrorCode.GROUP_FULL);

    Thread.sleep(1_300);
    ServerMessage admitted = tryJoin(peer(), "late", Role.PARTICIPANT, "");
    assertThat(admitted.hasWelcome()).as("admitted, not %s", admitted).isTrue();

    // The first one's session ended; the second one may still resume.
    TcpPeer first = peer();
    first.send(
        ClientMessage.newBuilder()
            .setResume(Resume.newBuilder().setSessionToken(filled.get(0).getSessionToken())));
    ServerMessage ended = first.await(m -> m.hasWelcome() || m.hasError());
    assertThat(ended.hasError()).as("session ended, not %s", ended).isTrue();
    assertThat(ended.getError().getCode()).isEqualTo(ErrorCode.UNKNOWN_SESSION);
    TcpPeer second = peer();
    second.send(
        ClientMessage.newBuilder()
            .setResume(Resume.newBuilder().setSessionToken(filled.get(1).getSessionToken())));
    ServerMessage resumed = second.await(m -> m.hasWelcome() || m.hasError());
    assertThat(resumed.hasWelcome()).as("resumed, not %s", resumed).isTrue();
    assertThat(resumed.getWelcome().getParticipantId()).isEqualTo(filled.get(1).getParticipantId());
    assertThat(group.executor().submit(group::size).get()).isEqualTo(filled.size());
  }

  @Test
  void participantsThatStayConnectedKeepTheirPlacesAndTheFacilitatorStillGetsIn() throws Exception {
    start(Duration.ofSeconds(20));
    List<Welcome> filled = fillWithParticipants();
    Thread.sleep(1_300);
    ServerMessage refused = tryJoin(peer(), "one more", Role.PARTICIPANT, "");
    assertThat(refused.getError().getCode()).isEqualTo(ErrorCode.GROUP_FULL);
    assertThat(refused.getError().getMessage()).contains("is full");

    ServerMessage answer = tryJoin(peer(), "Therapist", Role.FACILITATOR, group.facilitatorKey());
    assertThat(answer.hasWelcome()).as("facilitator admitted, not %s", answer).isTrue();
    assertThat(connected()).isEqualTo(filled.size() + 1);
  }
}
