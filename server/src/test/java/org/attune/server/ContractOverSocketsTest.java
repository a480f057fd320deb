package org.attune.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.attune.protocol.v1.ClientMessage;
import org.attune.protocol.v1.ErrorCode;
import org.attune.protocol.v1.Gesture;
import org.attune.protocol.v1.Hit;
import org.attune.protocol.v1.Join;
import org.attune.protocol.v1.Leave;
import org.attune.protocol.v1.Resume;
import org.attune.protocol.v1.Role;
import org.attune.protocol.v1.ServerMessage;
import org.attune.protocol.v1.Welcome;
import org.attune.server.group.Group;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 10, "Also: contract": what attune.proto promises an outside client author, over a real
 * socket: Leave is answered, a displaced connection is told why, parse errors are words, roles and
 * hit keys behave as documented.
 */
class ContractOverSocketsTest {

  private AttuneServer server;
  private Group group;
  private final List<TcpPeer> peers = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    server = AttuneServer.start(ServerConfig.onFreePorts());
    group = server.groups().create("contract");
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

  @Test
  void leaveIsAnsweredWithAcceptedAndThenTheConnectionCloses() throws Exception {
    TcpPeer p = peer();
    p.join("Sam", Role.PARTICIPANT, "");
    long id = p.send(ClientMessage.newBuilder().setLeave(Leave.getDefaultInstance()));
    ServerMessage answer = p.await(m -> m.hasAccepted() || m.hasError());
    assertThat(answer.hasAccepted()).as("accepted, not %s", answer).isTrue();
    assertThat(answer.getAccepted().getRequestId()).isEqualTo(id);
    p.awaitClose();
  }

  @Test
  void aResumeThatDisplacesAnOpenConnectionTellsThatConnectionWhyBeforeClosingIt()
      throws Exception {
    TcpPeer first = peer();
    Welcome welcome = first.join("Sam", Role.PARTICIPANT, "");
    TcpPeer second = peer();
    second.send(
        ClientMessage.newBuilder()
            .setResume(Resume.newBuilder().setSessionToken(welcome.getSessionToken())));
    assertThat(second.await(m -> m.hasWelcome() || m.hasError()).hasWelcome()).isTrue();

    ServerMessage told = first.await(ServerMessage::hasError);
    assertThat(told.getError().getCode()).isEqualTo(ErrorCode.RESUMED_ELSEWHERE);
    assertThat(told.getError().getMessage()).contains("another connection");
    first.awaitClose();
  }

  @Test
  void aMessageThatDoesNotParseIsAnsweredInWordsAndTheConnectionStays() throws Exception {
    TcpPeer p = peer();
    // A frame of 3 bytes: field 0 (an invalid tag) and garbage.
    p.out.write(new byte[] {3, 0, (byte) 0xff, 0x7f});
    p.out.flush();
    ServerMessage error = p.await(ServerMessage::hasError);
    assertThat(error.getError().getCode()).isEqualTo(ErrorCode.MALFORMED);
    assertThat(error.getError().getMessage())
        .startsWith("Could not read that message: it is not an attune.v1 ClientMessage")
        .doesNotContainIgnoringCase("protocol message")
        .doesNotContainIgnoringCase("tag");
    assertThat(p.join("Sam", Role.PARTICIPANT, "").getRole()).isEqualTo(Role.PARTICIPANT);
  }

  @Test
  void aJoinWithoutARoleIsAParticipantAndTheWelcomeSaysSo() throws Exception {
    TcpPeer p = peer();
    p.send(
        ClientMessage.newBuilder()
            .setJoin(Join.newBuilder().setGroupCode(group.joinCode()).setName("Sam")));
    ServerMessage welcome = p.await(m -> m.hasWelcome() || m.hasError());
    assertThat(welcome.getWelcome().getRole()).isEqualTo(Role.PARTICIPANT);
  }

  @Test
  void upToFourFacilitatorsJoinWithoutDisplacingEachOtherAndAFifthIsRefused() throws Exception {
    for (int i = 0; i < 4; i++) {
      assertThat(peer().join("T" + i, Role.FACILITATOR, group.facilitatorKey()).getRole())
          .isEqualTo(Role.FACILITATOR);
    }
    TcpPeer fifth = peer();
    fifth.send(
        ClientMessage.newBuilder()
            .setJoin(
                Join.newBuilder()
                    .setGroupCode(group.joinCode())
                    .setName("T5")
                    .setRole(Role.FACILITATOR)
                    .setFacilitatorKey(group.facilitatorKey())));
    ServerMessage refused = fifth.await(m -> m.hasWelcome() || m.hasError());
    assertThat(refused.getError().getCode()).isEqualTo(ErrorCode.GROUP_FULL);
    assertThat(refused.getError().getMessage()).contains("4 facilitators");
    assertThat(
            group.executor().submit(group::roster).get().getMembersList().stream()
                .filter(m -> m.getConnected() && m.getRole() == Role.FACILITATOR)
                .count())
        .isEqualTo(4);
  }

  @Test
  void aHitTakesAnyMidiKeyAndRefusesOthers() throws Exception {
    TcpPeer player = peer();
    player.join("drummer", Role.PARTICIPANT, "");
    TcpPeer hearer = peer();
    hearer.join("hearer", Role.PARTICIPANT, "");
    player.send(
        ClientMessage.newBuilder()
            .setGesture(Gesture.newBuilder().setHit(Hit.newBuilder().setInstrument(128))));
    ServerMessage refused = player.await(ServerMessage::hasError);
    assertThat(refused.getError().getCode()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
    player.send(
        ClientMessage.newBuilder()
            .setGesture(Gesture.newBuilder().setHit(Hit.newBuilder().setInstrument(20))));
    ServerMessage heard = hearer.await(ServerMessage::hasGesture);
    assertThat(heard.getGesture().getResolvedPitch()).isEqualTo(20);
  }
}
