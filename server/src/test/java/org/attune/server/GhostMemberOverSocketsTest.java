package org.attune.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.TimeUnit;
import org.attune.protocol.v1.ClientMessage;
import org.attune.protocol.v1.Join;
import org.attune.protocol.v1.Resume;
import org.attune.protocol.v1.Role;
import org.attune.protocol.v1.Roster;
import org.attune.server.group.Group;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A TCP connection that drops while its join or resume is in flight leaves no member "connected"
 * (issue 10: such ghosts stayed in the roster, lagging, forever).
 */
@Timeout(60)
class GhostMemberOverSocketsTest {

  private static final int ATTEMPTS = 300;

  private AttuneServer server;
  private Group group;

  @BeforeEach
  void start() throws Exception {
    // Two loops, so that most joins move their connection to another loop.
    // Many connections from 127.0.0.1 in a row: above the per-address cap while they close.
    server =
        AttuneServer.start(
            ServerConfig.onFreePorts()
                .withIoThreads(2)
                .withLimits(
                    org.attune.server.transport.ConnectionLimits.defaults()
                        .withMaxConnections(4096, 4096)));
    group = server.groups().create("test");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /** Sends {@code message} and resets the connection at once, before any answer. */
  private void sendAndReset(ClientMessage message) throws Exception {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", server.tcpPort()));
      s.setSoLinger(true, 0);
      OutputStream out = s.getOutputStream();
      message.writeDelimitedTo(out);
      out.flush();
    }
  }

  private long connectedMembers() throws Exception {
    Roster roster = group.executor().submit(group::roster).get(30, TimeUnit.SECONDS);
    return roster.getMembersList().stream()
        .filter(org.attune.protocol.v1.Member::getConnected)
        .count();
  }

  /** Waits until no member is connected, or 10 s; returns how many still are. */
  private long connectedAfterSettling() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    long connected;
    while ((connected = connectedMembers()) > 0 && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    return connected;
  }

  @Test
  void joinsWhoseConnectionDropsAtOnceLeaveNoConnectedMember() throws Exception {
    for (int i = 0; i < ATTEMPTS; i++) {
      sendAndReset(
          ClientMessage.newBuilder()
              .setRequestId(1)
              .setJoin(
                  Join.newBuilder()
                      .setGroupCode(group.joinCode())
                      .setName("P" + i)
                      .setRole(Role.PARTICIPANT))
              .build());
    }
    assertThat(connectedAfterSettling()).isZero();
  }

  @Test
  void resumesWhoseConnectionDropsAtOnceLeaveTheMemberDisconnected() throws Exception {
    String token;
    try (TcpPeer p = new TcpPeer(server.tcpPort(), group.joinCode())) {
      token = p.join("Sam", Role.PARTICIPANT, "").getSessionToken();
    }
    for (int i = 0; i < ATTEMPTS; i++) {
      sendAndReset(
          ClientMessage.newBuilder()
              .setRequestId(1)
              .setResume(Resume.newBuilder().setSessionToken(token))
              .build());
    }
    assertThat(connectedAfterSettling()).isZero();
    assertThat(group.executor().submit(group::size).get(5, TimeUnit.SECONDS)).isEqualTo(1);
  }
}
