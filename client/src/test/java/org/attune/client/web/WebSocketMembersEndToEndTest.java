package org.attune.client.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.WebSocketHandshakeException;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.attune.client.AttuneClient;
import org.attune.client.ClientListener;
import org.attune.protocol.v1.Accepted;
import org.attune.protocol.v1.ClientMessage;
import org.attune.protocol.v1.ClockPing;
import org.attune.protocol.v1.ErrorCode;
import org.attune.protocol.v1.FacilitatorCommand;
import org.attune.protocol.v1.Gesture;
import org.attune.protocol.v1.GestureEvent;
import org.attune.protocol.v1.Join;
import org.attune.protocol.v1.Pad;
import org.attune.protocol.v1.Quantize;
import org.attune.protocol.v1.Role;
import org.attune.protocol.v1.ServerMessage;
import org.attune.protocol.v1.SetSection;
import org.attune.protocol.v1.SetTempo;
import org.attune.protocol.v1.StructureChange;
import org.attune.server.AttuneServer;
import org.attune.server.ServerConfig;
import org.attune.server.group.Group;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * WebSocket members next to TCP members in one group, on real sockets on 127.0.0.1: a JSON member
 * (as the browser pages are) and a binary one join on the HTTP port, hear a TCP member's pads and
 * are heard by it, get the facilitator's structure change with the same effective time as the TCP
 * client (which fires it then), sync their clocks over the socket, and are refused what only a
 * facilitator may do, as TCP members are.
 */
class WebSocketMembersEndToEndTest {

  private AttuneServer server;
  private Group group;
  private AttuneClient facilitator;
  private AttuneClient tcpPlayer;
  private final List<GestureEvent> tcpHeard = new CopyOnWriteArrayList<>();
  private final List<StructureChange> tcpFired = new CopyOnWriteArrayList<>();
  private WebSocketPeer jsonPlayer;
  private WebSocketPeer binaryPlayer;

  @BeforeEach
  void start() throws Exception {
    server = AttuneServer.start(ServerConfig.onFreePorts());
    group = server.groups().create("web");
    facilitator = AttuneClient.connect("127.0.0.1", server.tcpPort());
    facilitator
        .join(group.joinCode(), "Therapist", "console", Role.FACILITATOR, group.facilitatorKey())
        .get(10, TimeUnit.SECONDS);
    tcpPlayer = AttuneClient.connect("127.0.0.1", server.tcpPort());
    tcpPlayer.addListener(
        new ClientListener() {
          @Override
          public void onGesture(GestureEvent gesture) {
            tcpHeard.add(gesture);
          }

          @Override
          public void onStructureChangeFired(StructureChange change, long firedLocalNanos) {
            tcpFired.add(change);
          }
        });
    tcpPlayer
        .join(group.joinCode(), "Sam", "drums", Role.PARTICIPANT, null)
        .get(10, TimeUnit.SECONDS);
    jsonPlayer =
        WebSocketPeer.connect(server.httpPort(), true, "http://127.0.0.1:" + server.httpPort());
    binaryPlayer = WebSocketPeer.connect(server.httpPort(), false, null);
    join(jsonPlayer, "Robin", "marimba");
    join(binaryPlayer, "Alex", "piano");
  }

  private String join(WebSocketPeer peer, String name, String instrument)
      throws InterruptedException {
    peer.send(
        ClientMessage.newBuilder()
            .setRequestId(1)
            .setJoin(
                Join.newBuilder()
                    .setGroupCode(group.joinCode())
                    .setName(name)
                    .setInstrument(instrument)
                    .setRole(Role.PARTICIPANT))
            .build());
    ServerMessage welcome = peer.await(m -> m.hasWelcome() || m.hasError(), 10);
    assertThat(welcome.hasWelcome()).as("welcomed: %s", welcome).isTrue();
    return welcome.getWelcome().getParticipantId();
  }

  private static ClientMessage pad(int degree) {
    return ClientMessage.newBuilder()
        .setGesture(
            Gesture.newBuilder().setPad(Pad.newBuilder().setDegree(degree)).setVelocity(0.7f))
        .build();
  }

  @Test
  void theJsonMemberChoseItsSubprotocolAndTheBinaryOneNone() {
    assertThat(jsonPlayer.subprotocol()).isEqualTo("attune.v1.json");
    assertThat(binaryPlayer.subprotocol()).isEmpty();
    assertThat(group.roster().getMembersList())
        .extracting(m -> m.getName())
        .containsExactlyInAnyOrder("Therapist", "Sam", "Robin", "Alex");
  }

  @Test
  void aTcpMembersPadReachesBothWebSocketMembersWithItsPitch() throws Exception {
    tcpPlayer.sendGesture(pad(3).getGesture());
    for (WebSocketPeer peer : List.of(jsonPlayer, binaryPlayer)) {
      ServerMessage heard = peer.await(ServerMessage::hasGesture, 10);
      assertThat(heard.getGesture().getParticipantId()).isEqualTo(tcpPlayer.participantId());
      assertThat(heard.getGesture().getGesture().getPad().getDegree()).isEqualTo(3);
      assertThat(heard.getGesture().getResolvedPitch()).isBetween(60, 80);
    }
  }

  @Test
  void aWebSocketMembersPadReachesTheTcpMemberAndTheOtherWebSocketMember() throws Exception {
    jsonPlayer.send(pad(5));
    ServerMessage atBinary = binaryPlayer.await(ServerMessage::hasGesture, 10);
    assertThat(atBinary.getGesture().getGesture().getPad().getDegree()).isEqualTo(5);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (tcpHeard.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(tcpHeard)
        .singleElement()
        .satisfies(
            g -> {
              assertThat(g.getParticipantId()).isEqualTo(atBinary.getGesture().getParticipantId());
              assertThat(g.getResolvedPitch()).isEqualTo(atBinary.getGesture().getResolvedPitch());
            });
  }

  @Test
  void aSectionChangeReachesWebSocketMembersWithTheTimeTheTcpClientFiresIt() throws Exception {
    Accepted accepted =
        facilitator
            .command(
                FacilitatorCommand.newBuilder()
                    .setQuantize(Quantize.newBuilder().setBoundary(Quantize.Boundary.NEXT_BAR))
                    .setSection(SetSection.newBuilder().setName("Chorus"))
                    .build())
            .get(10, TimeUnit.SECONDS);
    for (WebSocketPeer peer : List.of(jsonPlayer, binaryPlayer)) {
      StructureChange change =
          peer.await(ServerMessage::hasStructureChange, 10).getStructureChange();
      assertThat(change.getSequence()).isEqualTo(accepted.getChangeSequence());
      assertThat(change.getEffectiveServerMicros()).isEqualTo(accepted.getEffectiveServerMicros());
      assertThat(change.getForm().getSection()).isEqualTo("Chorus");
      assertThat(server.clock().nowMicros())
          .as("held before it takes effect")
          .isLessThan(change.getEffectiveServerMicros());
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (tcpFired.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(tcpFired)
        .singleElement()
        .satisfies(c -> assertThat(c.getSequence()).isEqualTo(accepted.getChangeSequence()));
  }

  @Test
  void aClockPingOverTheWebSocketIsAnsweredWithTheServersTimes() throws Exception {
    for (WebSocketPeer peer : List.of(jsonPlayer, binaryPlayer)) {
      long before = server.clock().nowMicros();
      peer.send(
          ClientMessage.newBuilder()
              .setClockPing(ClockPing.newBuilder().setClientSendMicros(4242))
              .build());
      ServerMessage pong = peer.await(ServerMessage::hasClockPong, 10);
      long after = server.clock().nowMicros();
      assertThat(pong.getClockPong().getClientSendMicros()).isEqualTo(4242);
      assertThat(pong.getClockPong().getServerReceiveMicros()).isBetween(before, after);
      assertThat(pong.getClockPong().getServerSendMicros())
          .isBetween(pong.getClockPong().getServerReceiveMicros(), after);
    }
    assertThat(server.wsStats().clockPings.sum()).isEqualTo(2);
  }

  @Test
  void aParticipantsTempoChangeIsRefusedAndTheGroupCarriesOn() throws Exception {
    jsonPlayer.send(
        ClientMessage.newBuilder()
            .setRequestId(77)
            .setCommand(FacilitatorCommand.newBuilder().setTempo(SetTempo.newBuilder().setBpm(140)))
            .build());
    ServerMessage refused = jsonPlayer.await(ServerMessage::hasError, 10);
    assertThat(refused.getError().getCode()).isEqualTo(ErrorCode.FORBIDDEN);
    assertThat(refused.getError().getRequestId()).isEqualTo(77);
    assertThat(refused.getError().getMessage()).isNotBlank();
    assertThat(group.snapshot().getPendingList()).isEmpty();

    binaryPlayer.send(pad(1));
    assertThat(
            jsonPlayer
                .await(ServerMessage::hasGesture, 10)
                .getGesture()
                .getGesture()
                .getPad()
                .getDegree())
        .isEqualTo(1);
  }

  @Test
  void aPageOfAnotherSiteCannotOpenTheSocket() {
    assertThatThrownBy(() -> WebSocketPeer.connect(server.httpPort(), true, "http://evil.example"))
        .isInstanceOf(CompletionException.class)
        .cause()
        .isInstanceOf(WebSocketHandshakeException.class)
        .satisfies(
            e ->
                assertThat(((WebSocketHandshakeException) e).getResponse().statusCode())
                    .isEqualTo(403));
    assertThat(server.wsStats().refusedOrigins.sum()).isEqualTo(1);
  }

  @Test
  void aWebSocketMemberThatDisconnectsIsShownDisconnected() throws Exception {
    String id =
        group.roster().getMembersList().stream()
            .filter(m -> m.getName().equals("Alex"))
            .findFirst()
            .orElseThrow()
            .getParticipantId();
    CountDownLatch gone = new CountDownLatch(1);
    facilitator.addListener(
        new ClientListener() {
          @Override
          public void onRoster(org.attune.protocol.v1.Roster roster) {
            if (roster.getMembersList().stream()
                .anyMatch(m -> m.getParticipantId().equals(id) && !m.getConnected())) {
              gone.countDown();
            }
          }
        });
    binaryPlayer.close();
    binaryPlayer = null;
    assertThat(gone.await(10, TimeUnit.SECONDS)).isTrue();
  }

  @AfterEach
  void stop() {
    if (jsonPlayer != null) {
      jsonPlayer.close();
    }
    if (binaryPlayer != null) {
      binaryPlayer.close();
    }
    if (tcpPlayer != null) {
      tcpPlayer.close();
    }
    if (facilitator != null) {
      facilitator.close();
    }
    server.close();
  }
}
