package org.attune.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import org.attune.protocol.v1.ClientMessage;
import org.attune.protocol.v1.Gesture;
import org.attune.protocol.v1.Pad;
import org.attune.protocol.v1.Role;
import org.attune.protocol.v1.ServerMessage;
import org.attune.server.group.Group;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 10, "Floods through the front door": a member that stops reading and reads again later must
 * not get all the gestures of the meantime, stale, before the present: once its queue has not
 * drained for 2 s it gets no more gestures, then a snapshot.
 */
class StaleGesturesOverSocketsTest {

  private static final int PLAYERS = 4;
  private static final int SECONDS = 15;

  private AttuneServer server;
  private Group group;
  private final List<TcpPeer> peers = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    server = AttuneServer.start(ServerConfig.onFreePorts());
    group = server.groups().create("stale");
  }

  @AfterEach
  void stop() throws Exception {
    for (TcpPeer p : peers) {
      p.close();
    }
    server.close();
  }

  /** How the member that stops reading reads its next message, over one transport. */
  private interface Reads {
    ServerMessage next() throws java.io.IOException;
  }

  @Test
  void aMemberThatReadsAgainAfterAWhileGetsAtMostABoundedBacklogAndThenASnapshot()
      throws Exception {
    TcpPeer sleeper = new TcpPeer(server.tcpPort(), group.joinCode(), 2048);
    peers.add(sleeper);
    sleeper.join("sleeper", Role.PARTICIPANT, "");
    playWhileOneSleeps(sleeper.socket, sleeper::next);
  }

  @Test
  void overTheWebSocketTooAMemberThatReadsAgainGetsABoundedBacklogAndThenASnapshot()
      throws Exception {
    try (WsPeer sleeper = new WsPeer(server.httpPort(), 2048)) {
      sleeper.send(
          ClientMessage.newBuilder()
              .setRequestId(1)
              .setJoin(
                  org.attune.protocol.v1.Join.newBuilder()
                      .setGroupCode(group.joinCode())
                      .setName("sleeper")
                      .setRole(Role.PARTICIPANT))
              .build());
      assertThat(sleeper.next().hasWelcome()).isTrue();
      playWhileOneSleeps(sleeper.socket, sleeper::next);
    }
  }

  private void playWhileOneSleeps(java.net.Socket socket, Reads sleeper) throws Exception {
    List<TcpPeer> players = new ArrayList<>();
    for (int p = 0; p < PLAYERS; p++) {
      TcpPeer player = new TcpPeer(server.tcpPort(), group.joinCode());
      peers.add(player);
      player.join("P" + p, Role.PARTICIPANT, "");
      players.add(player);
      Thread reader =
          new Thread(
              () -> {
                try {
                  player.in.transferTo(java.io.OutputStream.nullOutputStream());
                } catch (java.io.IOException closed) {
                  // over
                }
              },
              "player reader");
      reader.setDaemon(true);
      reader.start();
    }
    // Each player plays 50 gestures a second (within its budget of 60) while the sleeper reads
    // nothing.
    int sent = 0;
    for (int tenth = 0; tenth < SECONDS * 10; tenth++) {
      for (TcpPeer p : players) {
        for (int i = 0; i < 5; i++) {
          p.send(
              ClientMessage.newBuilder()
                  .setGesture(Gesture.newBuilder().setPad(Pad.newBuilder().setDegree(1 + i))));
          sent++;
        }
      }
      Thread.sleep(100);
    }

    int gestures = 0;
    int afterSnapshot = 0;
    boolean snapshot = false;
    socket.setSoTimeout(2_000);
    try {
      while (true) {
        ServerMessage m = sleeper.next();
        if (m.hasSnapshot()) {
          snapshot = true;
        } else if (m.hasGesture()) {
          if (snapshot) {
            afterSnapshot++;
          } else {
            gestures++;
          }
        }
      }
    } catch (SocketTimeoutException quiet) {
      // read everything
    }
    System.out.printf(
        "stale gestures: %d sent over %d s, %d read by the sleeper before its snapshot%n",
        sent, SECONDS, gestures);
    assertThat(snapshot).as("a snapshot after the backlog").isTrue();
    assertThat(afterSnapshot).isZero();
    assertThat(gestures).isLessThan(sent / 2);
  }
}
