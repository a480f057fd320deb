package org.attune.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.attune.protocol.v1.ClientMessage;
import org.attune.protocol.v1.ErrorCode;
import org.attune.protocol.v1.FacilitatorCommand;
import org.attune.protocol.v1.Gesture;
import org.attune.protocol.v1.Join;
import org.attune.protocol.v1.Pad;
import org.attune.protocol.v1.Quantize;
import org.attune.protocol.v1.RemoveMember;
import org.attune.protocol.v1.Resume;
import org.attune.protocol.v1.Role;
import org.attune.protocol.v1.ServerMessage;
import org.attune.protocol.v1.SetSection;
import org.attune.protocol.v1.SetTempo;
import org.attune.protocol.v1.StructureChange;
import org.attune.protocol.v1.Welcome;
import org.attune.server.group.Group;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One real server on 127.0.0.1, a facilitator and eight participants on real TCP sockets. */
class GroupOverSocketsTest {

  private static final int PARTICIPANTS = 8;

  private AttuneServer server;
  private Group group;
  private final List<TcpPeer> peers = new ArrayList<>();

  /** A new member's socket, closed after the test. */
  private TcpPeer peer() throws IOException {
    TcpPeer p = new TcpPeer(server.tcpPort(), group.joinCode());
    peers.add(p);
    return p;
  }

  @BeforeEach
  void start() throws Exception {
    server = AttuneServer.start(ServerConfig.onFreePorts());
    group = server.groups().create("test");
  }

  @AfterEach
  void stop() throws IOException {
    for (TcpPeer p : peers) {
      p.close();
    }
    server.close();
  }

  @Test
  void theFacilitatorRemovesAMemberWhoHearsWhyAndCannotResumeAndOthersAreRefused()
      throws Exception {
    TcpPeer therapist = facilitator();
    TcpPeer sam = peer();
    Welcome samWelcome = sam.join("Sam", Role.PARTICIPANT, "");
    TcpPeer alex = peer();
    String alexId = alex.join("Alex", Role.PARTICIPANT, "").getParticipantId();
    assertThat(
            therapist
                .await(m -> m.hasRoster() && m.getRoster().getMembersCount() == 3)
                .getRoster()
                .getMembersList())
        .extracting(org.attune.protocol.v1.Member::getTransport)
        .containsOnly("tcp");

    alex.send(
        ClientMessage.newBuilder()
            .setRemoveMember(
                RemoveMember.newBuilder().setParticipantId(samWelcome.getParticipantId())));
    assertThat(alex.await(ServerMessage::hasError).getError().getCode())
        .isEqualTo(ErrorCode.FORBIDDEN);
    therapist.send(
        ClientMessage.newBuilder()
            .setRemoveMember(RemoveMember.newBuilder().setParticipantId("m99")));
    assertThat(therapist.await(ServerMessage::hasError).getError().getMessage())
        .isEqualTo("No member \"m99\" is in this group.");

    therapist.send(
        ClientMessage.newBuilder()
            .setRemoveMember(
                RemoveMember.newBuilder().setParticipantId(samWelcome.getParticipantId())));
    assertThat(therapist.await(m -> m.hasAccepted() || m.hasError()).hasAccepted()).isTrue();
    assertThat(sam.await(ServerMessage::hasSessionEnded).getSessionEnded().getReason())
        .isEqualTo("The facilitator removed you from the session.");
    sam.awaitClose();
    assertThat(alex.await(m -> m.hasRoster()).getRoster().getMembersList())
        .extracting(org.attune.protocol.v1.Member::getParticipantId)
        .containsExactly("m1", alexId);
    TcpPeer back = peer();
    back.send(
        ClientMessage.newBuilder()
            .setResume(Resume.newBuilder().setSessionToken(samWelcome.getSessionToken())));
    assertThat(back.await(ServerMessage::hasError).getError().getCode())
        .isEqualTo(ErrorCode.UNKNOWN_SESSION);
  }

  private TcpPeer facilitator() throws IOException {
    TcpPeer f = peer();
    assertThat(f.join("Therapist", Role.FACILITATOR, group.facilitatorKey()).getRole())
        .isEqualTo(Role.FACILITATOR);
    return f;
  }

  private List<TcpPeer> participants() throws IOException {
    List<TcpPeer> list = new ArrayList<>();
    for (int i = 0; i < PARTICIPANTS; i++) {
      TcpPeer p = peer();
      p.join("P" + i, Role.PARTICIPANT, "");
      list.add(p);
    }
    return list;
  }

  private long serverNowMicros() {
    return server.clock().nowMicros();
  }

  @Test
  void sectionChangeAtNextBarReachesEveryMemberBeforeItTakesEffect() throws Exception {
    TcpPeer facilitator = facilitator();
    List<TcpPeer> players = participants();
    long id =
        facilitator.send(
            ClientMessage.newBuilder()
                .setCommand(
                    FacilitatorCommand.newBuilder()
                        .setQuantize(Quantize.newBuilder().setBoundary(Quantize.Boundary.NEXT_BAR))
                        .setSection(SetSection.newBuilder().setName("B"))));
    ServerMessage accepted = facilitator.await(m -> m.hasAccepted() || m.hasError());
    assertThat(accepted.hasAccepted()).as("%s", accepted).isTrue();
    assertThat(accepted.getAccepted().getRequestId()).isEqualTo(id);
    double beat = accepted.getAccepted().getEffectiveBeat();
    assertThat(beat % 4).as("on a bar line").isEqualTo(0);
    for (TcpPeer p : players) {
      StructureChange change = p.await(ServerMessage::hasStructureChange).getStructureChange();
      assertThat(serverNowMicros())
          .as("received before it takes effect")
          .isLessThan(change.getEffectiveServerMicros());
      assertThat(change.getForm().getSection()).isEqualTo("B");
      assertThat(change.getEffectiveBeat()).isEqualTo(beat);
      assertThat(change.getEffectiveServerMicros())
          .isEqualTo(accepted.getAccepted().getEffectiveServerMicros());
    }
  }

  @Test
  void aParticipantsCommandIsRefusedAndChangesNothing() throws Exception {
    TcpPeer facilitator = facilitator();
    List<TcpPeer> players = participants();
    TcpPeer p = players.get(0);
    long id =
        p.send(
            ClientMessage.newBuilder()
                .setCommand(
                    FacilitatorCommand.newBuilder().setTempo(SetTempo.newBuilder().setBpm(200))));
    ServerMessage error = p.await(ServerMessage::hasError);
    assertThat(error.getError().getCode()).isEqualTo(ErrorCode.FORBIDDEN);
    assertThat(error.getError().getRequestId()).isEqualTo(id);
    assertThat(error.getError().getMessage()).contains("facilitator");
    // A later joiner's snapshot still has the initial tempo and no pending change.
    Welcome late = peer().join("Late", Role.LISTENER, "");
    assertThat(late.getSnapshot().getPendingCount()).isZero();
    assertThat(late.getSnapshot().getTempoMap().getSegmentsCount()).isEqualTo(1);
    assertThat(late.getSnapshot().getTempoMap().getSegments(0).getSteady().getBpm()).isEqualTo(90);
    facilitator.close();
  }

  @Test
  void garbageFromOneClientLeavesTheOthersPlaying() throws Exception {
    List<TcpPeer> players = participants();
    TcpPeer rogue = players.get(0);
    // A frame of valid length whose bytes are not a message: an error, connection stays.
    rogue.out.write(
        new byte[] {5, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff});
    rogue.out.flush();
    assertThat(rogue.await(ServerMessage::hasError).getError().getCode())
        .isEqualTo(ErrorCode.MALFORMED);
    // An oversized frame: an error, then that one connection closes.
    TcpPeer huge = peer();
    huge.out.write(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, 0x7f});
    huge.out.flush();
    assertThat(huge.next().getError().getCode()).isEqualTo(ErrorCode.FRAME_TOO_LARGE);
    assertThat(ServerMessage.parseDelimitedFrom(huge.in)).isNull();
    // Everyone else still plays: a pad from player 1 reaches all other players, in key.
    players
        .get(1)
        .send(
            ClientMessage.newBuilder()
                .setGesture(
                    Gesture.newBuilder().setPad(Pad.newBuilder().setDegree(3)).setVelocity(0.5f)));
    for (TcpPeer p : players.subList(2, PARTICIPANTS)) {
      ServerMessage m = p.await(ServerMessage::hasGesture);
      assertThat(m.getGesture().getResolvedPitch()).as("E above middle C in C major").isEqualTo(64);
    }
    assertThat(rogue.await(ServerMessage::hasGesture).getGesture().getParticipantId()).isNotEmpty();
    assertThat(server.tcpStats().malformedFrames.sum()).isEqualTo(1);
    assertThat(server.tcpStats().oversizedFrames.sum()).isEqualTo(1);
  }

  @Test
  void aRampGivesEveryMemberTheSameTempoMap() throws Exception {
    TcpPeer facilitator = facilitator();
    List<TcpPeer> players = participants();
    facilitator.send(
        ClientMessage.newBuilder()
            .setCommand(
                FacilitatorCommand.newBuilder()
                    .setTempo(SetTempo.newBuilder().setBpm(120).setRampBeats(8))));
    List<StructureChange> changes = new ArrayList<>();
    for (TcpPeer p : players) {
      changes.add(p.await(ServerMessage::hasStructureChange).getStructureChange());
    }
    org.attune.clock.TempoMap first =
        org.attune.clock.TempoMap.fromProto(changes.get(0).getTempoMap());
    long probe = changes.get(0).getEffectiveServerMicros() + TimeUnit.SECONDS.toMicros(2);
    for (StructureChange c : changes) {
      assertThat(org.attune.clock.TempoMap.fromProto(c.getTempoMap()).beatAt(probe))
          .isEqualTo(first.beatAt(probe));
    }
    assertThat(first.bpmAt(probe + TimeUnit.SECONDS.toMicros(10))).isEqualTo(120);
  }

  @Test
  void aDroppedMemberResumesWithItsToken() throws Exception {
    TcpPeer p = peer();
    Welcome first = p.join("Robin", Role.PARTICIPANT, "");
    p.close();
    TcpPeer again = peer();
    again.send(
        ClientMessage.newBuilder()
            .setResume(
                org.attune.protocol.v1.Resume.newBuilder()
                    .setSessionToken(first.getSessionToken())));
    Welcome resumed = again.await(ServerMessage::hasWelcome).getWelcome();
    assertThat(resumed.getParticipantId()).isEqualTo(first.getParticipantId());
    assertThat(resumed.getSnapshot().getRoster().getMembersList())
        .anyMatch(m -> m.getParticipantId().equals(first.getParticipantId()) && m.getConnected());
    TcpPeer stranger = peer();
    stranger.send(
        ClientMessage.newBuilder()
            .setResume(org.attune.protocol.v1.Resume.newBuilder().setSessionToken("not-a-token")));
    assertThat(stranger.await(ServerMessage::hasError).getError().getCode())
        .isEqualTo(ErrorCode.UNKNOWN_SESSION);
  }

  @Test
  void wrongKeysCodesAndListenerGesturesAreRefused() throws Exception {
    TcpPeer impostor = peer();
    impostor.send(
        ClientMessage.newBuilder()
            .setJoin(
                Join.newBuilder()
                    .setGroupCode(group.joinCode())
                    .setName("X")
                    .setRole(Role.FACILITATOR)
                    .setFacilitatorKey("guess")));
    assertThat(impostor.await(ServerMessage::hasError).getError().getCode())
        .isEqualTo(ErrorCode.BAD_FACILITATOR_KEY);
    TcpPeer lost = peer();
    lost.send(
        ClientMessage.newBuilder().setJoin(Join.newBuilder().setGroupCode("NOPE").setName("X")));
    assertThat(lost.await(ServerMessage::hasError).getError().getCode())
        .isEqualTo(ErrorCode.UNKNOWN_GROUP);
    TcpPeer listener = peer();
    listener.join("Supervisor", Role.LISTENER, "");
    listener.send(
        ClientMessage.newBuilder()
            .setGesture(Gesture.newBuilder().setPad(Pad.newBuilder().setDegree(1))));
    assertThat(listener.await(ServerMessage::hasError).getError().getCode())
        .isEqualTo(ErrorCode.FORBIDDEN);
    TcpPeer early = peer();
    early.send(
        ClientMessage.newBuilder()
            .setGesture(Gesture.newBuilder().setPad(Pad.newBuilder().setDegree(1))));
    assertThat(early.await(ServerMessage::hasError).getError().getCode())
        .isEqualTo(ErrorCode.NOT_JOINED);
  }

  @Test
  void aFermataHoldsTheBeatUntilReleased() throws Exception {
    TcpPeer facilitator = facilitator();
    facilitator.send(
        ClientMessage.newBuilder()
            .setCommand(
                FacilitatorCommand.newBuilder()
                    .setFermata(org.attune.protocol.v1.Fermata.getDefaultInstance())));
    StructureChange hold =
        facilitator.await(ServerMessage::hasStructureChange).getStructureChange();
    org.attune.clock.TempoMap held = org.attune.clock.TempoMap.fromProto(hold.getTempoMap());
    long later = hold.getEffectiveServerMicros() + 5_000_000;
    assertThat(held.beatAt(later)).isCloseTo(hold.getEffectiveBeat(), within(1e-5));
    facilitator.send(
        ClientMessage.newBuilder()
            .setCommand(
                FacilitatorCommand.newBuilder()
                    .setFermata(org.attune.protocol.v1.Fermata.getDefaultInstance())));
    assertThat(facilitator.await(ServerMessage::hasError).getError().getMessage())
        .contains("already");
    facilitator.send(
        ClientMessage.newBuilder()
            .setCommand(
                FacilitatorCommand.newBuilder()
                    .setRelease(org.attune.protocol.v1.Release.getDefaultInstance())));
    StructureChange release =
        facilitator.await(ServerMessage::hasStructureChange).getStructureChange();
    org.attune.clock.TempoMap released = org.attune.clock.TempoMap.fromProto(release.getTempoMap());
    assertThat(release.getEffectiveBeat()).isCloseTo(hold.getEffectiveBeat(), within(1e-5));
    assertThat(released.bpmAt(release.getEffectiveServerMicros() + 1)).isEqualTo(90);
  }
}
