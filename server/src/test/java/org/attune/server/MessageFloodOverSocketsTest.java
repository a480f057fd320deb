package org.attune.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.attune.protocol.v1.ClientMessage;
import org.attune.protocol.v1.ErrorCode;
import org.attune.protocol.v1.Gesture;
import org.attune.protocol.v1.NoteOn;
import org.attune.protocol.v1.Role;
import org.attune.protocol.v1.ServerMessage;
import org.attune.server.group.Group;
import org.attune.server.metrics.MeterNames;
import org.attune.server.transport.InboundMessageBudget;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 10, "Floods through the front door", and the load test's abuse phase: a member that sends
 * gestures as fast as its socket takes them costs its group's loop almost nothing. Before its
 * connection had a message budget, the server read and decoded every one of them (hundreds of
 * thousands a second) only to drop all but 60 a second; now it stops reading the connection for a
 * second at a time, drops what its last read held before decoding it, and counts it, while the
 * group plays on.
 */
class MessageFloodOverSocketsTest {

  private static final long FLOOD_MILLIS = 3_000;
  private static final int PLAYED_PER_SECOND = 10;

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
  void aFloodingConnectionIsReadAtItsBudgetWhileItsGroupPlaysOn() throws Exception {
    byte[] batch = gestures(200);
    LongAdder flooded = new LongAdder();
    AtomicBoolean flooding = new AtomicBoolean(true);
    try (TcpPeer flooder = new TcpPeer(server.tcpPort(), group.joinCode());
        TcpPeer player = new TcpPeer(server.tcpPort(), group.joinCode());
        TcpPeer listener = new TcpPeer(server.tcpPort(), group.joinCode())) {
      flooder.join("flooder", Role.PARTICIPANT, "");
      player.join("player", Role.PARTICIPANT, "");
      listener.join("listener", Role.PARTICIPANT, "");
      listener.await(m -> m.hasRoster() && m.getRoster().getMembersCount() == 3);

      Thread flood =
          new Thread(
              () -> {
                try {
                  while (flooding.get()) {
                    flooder.out.write(batch);
                    flooded.add(200);
                  }
                } catch (IOException closed) {
                  // The test closed the socket to stop it.
                }
              },
              "flooder");
      flood.setDaemon(true);
      long start = System.nanoTime();
      flood.start();

      // The player plays ten notes a second while the flood runs; the listener hears every one.
      int played = 0;
      while (System.nanoTime() - start < FLOOD_MILLIS * 1_000_000) {
        player.send(
            ClientMessage.newBuilder()
                .setGesture(
                    Gesture.newBuilder()
                        .setNoteOn(NoteOn.newBuilder().setPitch(72))
                        .setVelocity(0.9f)));
        played++;
        Thread.sleep(1_000 / PLAYED_PER_SECOND);
      }
      flooding.set(false);
      double seconds = (System.nanoTime() - start) / 1e9;
      // What the server decoded of the flood: relayed, or dropped by the gesture budget.
      double decoded =
          counter(MeterNames.GESTURES_RECEIVED, null)
              - played
              + counter(MeterNames.MESSAGES_DROPPED, MeterNames.GESTURE_RATE);
      double droppedUnread = counter(MeterNames.MESSAGES_DROPPED, MeterNames.MESSAGE_RATE);
      double pauses = counter(MeterNames.READ_PAUSES, null);
      flooder.socket.close();
      flood.join(5_000);

      int heard = 0;
      listener.socket.setSoTimeout(1_000);
      try {
        while (heard < played) {
          ServerMessage m = listener.next();
          if (m.hasGesture() && m.getGesture().getGesture().getNoteOn().getPitch() == 72) {
            heard++;
          }
        }
      } catch (SocketTimeoutException quiet) {
        // nothing more came for a second
      }

      System.out.printf(
          "message flood: %,d gestures sent in %.1f s; the server decoded %,.0f of them, dropped"
              + " %,.0f unread, paused reading %,.0f times; the listener heard %d of %d played%n",
          flooded.sum(), seconds, decoded, droppedUnread, pauses, heard, played);
      long budget =
          InboundMessageBudget.BURST
              + (long) Math.ceil((seconds + 1) * InboundMessageBudget.PER_SECOND);
      assertThat(decoded).as("decoded of the flood").isLessThanOrEqualTo(budget);
      assertThat(flooded.sum()).as("it was a flood").isGreaterThan(4 * budget);
      assertThat(droppedUnread).isPositive();
      assertThat(pauses).isBetween(1.0, Math.ceil(seconds) + 1);
      assertThat(heard).isEqualTo(played);
    }
  }

  @Test
  void theSenderOfAFloodIsToldItIsRateLimited() throws Exception {
    try (TcpPeer flooder = new TcpPeer(server.tcpPort(), group.joinCode())) {
      flooder.join("flooder", Role.PARTICIPANT, "");
      flooder.out.write(gestures(InboundMessageBudget.BURST + 1_000));
      flooder.out.flush();
      ServerMessage told =
          flooder.await(
              m -> m.hasError() && m.getError().getMessage().contains("messages a second"));
      assertThat(told.getError().getCode()).isEqualTo(ErrorCode.RATE_LIMITED);
    }
  }

  private double counter(String name, String reason) {
    return server.meterRegistry().find(name).tag("transport", "tcp").functionCounters().stream()
        .filter(c -> reason == null || reason.equals(c.getId().getTag(MeterNames.REASON)))
        .mapToDouble(c -> c.count())
        .sum();
  }

  private static byte[] gestures(int count) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (int i = 0; i < count; i++) {
      ClientMessage.newBuilder()
          .setGesture(
              Gesture.newBuilder()
                  .setNoteOn(NoteOn.newBuilder().setPitch(40 + i % 12))
                  .setVelocity(0.5f))
          .build()
          .writeDelimitedTo(bytes);
    }
    return bytes.toByteArray();
  }
}
