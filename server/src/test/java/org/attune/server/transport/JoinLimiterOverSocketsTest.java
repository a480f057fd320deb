package org.attune.server.transport;

import static org.assertj.core.api.Assertions.assertThat;

import org.attune.protocol.v1.ClientMessage;
import org.attune.protocol.v1.ErrorCode;
import org.attune.protocol.v1.Join;
import org.attune.protocol.v1.Resume;
import org.attune.protocol.v1.Role;
import org.attune.protocol.v1.ServerMessage;
import org.attune.server.AttuneServer;
import org.attune.server.ServerConfig;
import org.attune.server.SoundConfig;
import org.attune.server.TcpPeer;
import org.attune.server.group.Group;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The failed-join limiter over real sockets: an address that has tried too many wrong codes is told
 * to wait (RATE_LIMITED, for seconds), yet a member on that address who resumes with its valid
 * token is let in at once, and an unknown token while the address waits is answered RATE_LIMITED,
 * not "the session has ended" (which would make a client throw its token away).
 */
class JoinLimiterOverSocketsTest {

  private AttuneServer server;
  private Group group;

  @BeforeEach
  void start() throws Exception {
    server =
        AttuneServer.start(
            ServerConfig.onFreePorts().withSound(SoundConfig.defaults().withEnabled(false)));
    group = server.groups().create("limited");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void aBlockedAddressWaitsSecondsAndAValidTokenStillResumes() throws Exception {
    String token;
    try (TcpPeer member = new TcpPeer(server.tcpPort(), group.joinCode())) {
      token = member.join("Sam", Role.PARTICIPANT, "").getSessionToken();
    }
    try (TcpPeer guesser = new TcpPeer(server.tcpPort())) {
      ServerMessage answer = null;
      for (int i = 0; i < 11; i++) {
        answer = joinWith(guesser, "WRONG-" + i);
        assertThat(answer.getError().getCode()).isEqualTo(ErrorCode.UNKNOWN_GROUP);
      }
      answer = joinWith(guesser, group.joinCode());
      assertThat(answer.getError().getCode()).isEqualTo(ErrorCode.RATE_LIMITED);
      assertThat(answer.getError().getMessage()).matches(".*please wait [12] s and try again\\.");
    }
    try (TcpPeer stranger = new TcpPeer(server.tcpPort())) {
      stranger.send(
          ClientMessage.newBuilder()
              .setResume(Resume.newBuilder().setSessionToken("not-a-token-of-anyone")));
      ServerMessage refused = stranger.await(m -> m.hasWelcome() || m.hasError());
      assertThat(refused.getError().getCode()).isEqualTo(ErrorCode.RATE_LIMITED);
    }
    try (TcpPeer back = new TcpPeer(server.tcpPort())) {
      back.send(ClientMessage.newBuilder().setResume(Resume.newBuilder().setSessionToken(token)));
      ServerMessage welcome = back.await(m -> m.hasWelcome() || m.hasError());
      assertThat(welcome.hasWelcome()).as("the valid token resumes: %s", welcome).isTrue();
      assertThat(welcome.getWelcome().getGroupId()).isEqualTo(group.id());
    }
    // The wait is seconds, not a minute: the right code joins again soon (a refused try while
    // the address waits does not count as a failure, so asking again is safe).
    long start = System.nanoTime();
    ServerMessage answer;
    while (true) {
      try (TcpPeer late = new TcpPeer(server.tcpPort())) {
        answer = joinWith(late, group.joinCode());
      }
      if (!(answer.hasError()
          && answer.getError().getCode() == ErrorCode.RATE_LIMITED
          && System.nanoTime() - start < 3_000_000_000L)) {
        break;
      }
      Thread.sleep(50); // polling the condition on the server's real clock, not a fixed wait
    }
    assertThat(answer.hasWelcome()).as("joined after the wait: %s", answer).isTrue();
    assertThat(answer.getWelcome().getGroupId()).isEqualTo(group.id());
  }

  private static ServerMessage joinWith(TcpPeer peer, String code) throws Exception {
    peer.send(
        ClientMessage.newBuilder()
            .setJoin(
                Join.newBuilder().setGroupCode(code).setName("Guess").setRole(Role.PARTICIPANT)));
    return peer.await(m -> m.hasWelcome() || m.hasError());
  }
}
