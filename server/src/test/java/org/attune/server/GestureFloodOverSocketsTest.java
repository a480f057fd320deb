package org.attune.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.SocketTimeoutException;
import org.attune.protocol.v1.ClientMessage;
import org.attune.protocol.v1.ErrorCode;
import org.attune.protocol.v1.Gesture;
import org.attune.protocol.v1.NoteOn;
import org.attune.protocol.v1.Role;
import org.attune.protocol.v1.ServerMessage;
import org.attune.server.group.Group;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 10, "Floods through the front door": one member's flood of gestures is cut to its budget (a
 * burst of 120, then 60 a second), counted, and its sender is told once.
 */
class GestureFloodOverSocketsTest {

  // Within the connection's message budget (InboundMessageBudget: bursts of 500), so that only the
  // gesture budget is at work here; MessageFloodOverSocketsTest floods past both.
  private static final int FLOOD = 450;

  private AttuneServer server;
  private Group group;

  @BeforeEach
  void start() throws Exception {
    server = AttuneServer.start(ServerConfig.onFreePorts());
    group = server.groups().create("flood");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void aFloodOfGesturesIsCutToTheSendersBudgetCountedAndToldOnce() throws Exception {
    try (TcpPeer flooder = new TcpPeer(server.tcpPort(), group.joinCode());
        TcpPeer victim = new TcpPeer(server.tcpPort(), group.joinCode())) {
      flooder.join("flooder", Role.PARTICIPANT, "");
      victim.join("victim", Role.PARTICIPANT, "");
      flooder.await(ServerMessage::hasRoster);

      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      for (int i = 0; i < FLOOD; i++) {
        ClientMessage.newBuilder()
            .setRequestId(i + 1)
            .setGesture(
                Gesture.newBuilder()
                    .setNoteOn(NoteOn.newBuilder().setPitch(60 + i % 12))
                    .setVelocity(0.5f))
            .build()
            .writeDelimitedTo(bytes);
      }
      long start = System.nanoTime();
      flooder.out.write(bytes.toByteArray());
      flooder.out.flush();

      int relayed = 0;
      victim.socket.setSoTimeout(1_500);
      try {
        while (true) {
          if (victim.next().hasGesture()) {
            relayed++;
          }
        }
      } catch (SocketTimeoutException quiet) {
        // nothing more came for 1.5 s
      }
      double seconds = (System.nanoTime() - start) / 1e9;

      int errors = 0;
      flooder.socket.setSoTimeout(500);
      ServerMessage first = null;
      try {
        while (true) {
          ServerMessage m = flooder.next();
          if (m.hasError()) {
            errors++;
            first = first == null ? m : first;
          }
        }
      } catch (SocketTimeoutException quiet) {
        // read all
      }

      System.out.printf(
          "gesture flood: %d sent, %d relayed in %.2f s, %d errors to the sender%n",
          FLOOD, relayed, seconds, errors);
      assertThat(relayed).isGreaterThanOrEqualTo(120);
      assertThat(relayed).isLessThanOrEqualTo(120 + (int) Math.ceil(60 * seconds));
      assertThat(first).isNotNull();
      assertThat(first.getError().getCode()).isEqualTo(ErrorCode.RATE_LIMITED);
      assertThat(first.getError().getMessage()).contains("at most 60 a second");
      // Told about once a second, not once a gesture.
      assertThat(errors).isBetween(1, 1 + (int) Math.ceil(seconds));
      assertThat(
              server
                  .meterRegistry()
                  .get("attune.messages.dropped")
                  .tag("reason", "gesture_rate")
                  .functionCounters()
                  .stream()
                  .mapToDouble(c -> c.count())
                  .sum())
          .isEqualTo(FLOOD - relayed);
    }
  }
}
