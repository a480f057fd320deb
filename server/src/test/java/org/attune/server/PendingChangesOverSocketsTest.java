package org.attune.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.attune.protocol.v1.ClientMessage;
import org.attune.protocol.v1.ErrorCode;
import org.attune.protocol.v1.FacilitatorCommand;
import org.attune.protocol.v1.Quantize;
import org.attune.protocol.v1.Role;
import org.attune.protocol.v1.ServerMessage;
import org.attune.protocol.v1.SetTempo;
import org.attune.protocol.v1.Welcome;
import org.attune.server.group.Group;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A facilitator who schedules hundreds of changes ahead cannot make the group's snapshot too large
 * for anyone to join (issue 10: 700 far-future tempo changes made every Welcome 7.2 MB).
 */
@Timeout(60)
class PendingChangesOverSocketsTest {

  /** What a client accepts in one frame by default (ClientOptions.DEFAULT_MAX_FRAME_BYTES). */
  private static final int CLIENT_MAX_FRAME_BYTES = 64 * 1024;

  private AttuneServer server;
  private Group group;

  @BeforeEach
  void start() throws Exception {
    server = AttuneServer.start(ServerConfig.onFreePorts());
    group = server.groups().create("test");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static final int CHANGES = 400;

  @Test
  void hundredsOfChangesAheadAreRefusedPastTheBoundAndANewMemberStillGetsAWelcome()
      throws Exception {
    int accepted = 0;
    int refused = 0;
    try (TcpPeer facilitator = new TcpPeer(server.tcpPort(), group.joinCode())) {
      double now =
          facilitator
              .join("Therapist", Role.FACILITATOR, group.facilitatorKey())
              .getSnapshot()
              .getTempoMap()
              .getSegments(0)
              .getStartBeat();
      // 400, within a connection's message burst (InboundMessageBudget.BURST, 500), so that only
      // the bound on pending changes refuses them (700 made every Welcome 7.2 MB before it).
      for (int i = 0; i < CHANGES; i++) {
        facilitator.send(
            ClientMessage.newBuilder()
                .setCommand(
                    FacilitatorCommand.newBuilder()
                        .setQuantize(
                            Quantize.newBuilder()
                                .setBoundary(Quantize.Boundary.AT_BEAT)
                                .setAtBeat(now + 200 + i))
                        .setTempo(SetTempo.newBuilder().setBpm(60 + i % 200).setRampBeats(1))));
        ServerMessage answer = facilitator.await(m -> m.hasAccepted() || m.hasError());
        if (answer.hasAccepted()) {
          accepted++;
        } else {
          assertThat(answer.getError().getCode()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
          assertThat(answer.getError().getMessage()).contains("waiting to take effect");
          refused++;
        }
      }
      try (TcpPeer late = new TcpPeer(server.tcpPort(), group.joinCode())) {
        Welcome welcome = late.join("Late", Role.PARTICIPANT, "");
        assertThat(welcome.getSnapshot().getPendingCount()).isEqualTo(accepted);
        assertThat(ServerMessage.newBuilder().setWelcome(welcome).build().getSerializedSize())
            .isLessThan(CLIENT_MAX_FRAME_BYTES);
      }
    }
    assertThat(accepted).isBetween(1, 16);
    assertThat(refused).isEqualTo(CHANGES - accepted);
  }
}
