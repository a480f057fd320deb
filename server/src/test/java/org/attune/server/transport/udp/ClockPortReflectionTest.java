package org.attune.server.transport.udp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.attune.protocol.v1.ClientMessage;
import org.attune.protocol.v1.ClockPing;
import org.attune.protocol.v1.Leave;
import org.attune.protocol.v1.ServerMessage;
import org.attune.server.AttuneServer;
import org.attune.server.ServerConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The UDP clock port cannot be turned against a third party (issue 10, "UDP reflection"): on real
 * sockets, nothing but a well-formed ping is answered, and no answer is larger than three times
 * what it answers.
 */
class ClockPortReflectionTest {

  private AttuneServer server;
  private DatagramSocket socket;

  @BeforeEach
  void start() throws Exception {
    server = AttuneServer.start(ServerConfig.onFreePorts());
    socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
  }

  @AfterEach
  void stop() {
    socket.close();
    server.close();
  }

  private void send(byte[] bytes) throws Exception {
    socket.send(
        new DatagramPacket(
            bytes, bytes.length, InetAddress.getLoopbackAddress(), server.udpPort()));
  }

  /** Every datagram that comes back within {@code millis} of the last one (or of the call). */
  private List<byte[]> replies(int millis) throws Exception {
    List<byte[]> out = new ArrayList<>();
    socket.setSoTimeout(millis);
    byte[] buf = new byte[2048];
    while (true) {
      DatagramPacket p = new DatagramPacket(buf, buf.length);
      try {
        socket.receive(p);
      } catch (SocketTimeoutException e) {
        return out;
      }
      out.add(Arrays.copyOf(buf, p.getLength()));
    }
  }

  private static byte[] ping(long t0) {
    return ClientMessage.newBuilder()
        .setClockPing(ClockPing.newBuilder().setClientSendMicros(t0))
        .build()
        .toByteArray();
  }

  @Test
  void emptyMalformedRandomAndNonPingDatagramsGetNoReplyAndAreCounted() throws Exception {
    send(new byte[0]);
    send(new byte[] {1});
    send(new byte[] {(byte) 0xff});
    send(ClientMessage.newBuilder().setLeave(Leave.getDefaultInstance()).build().toByteArray());
    send(new byte[4000]);
    SplittableRandom random = new SplittableRandom(10);
    int randomCount = 2_000;
    for (int i = 0; i < randomCount; i++) {
      byte[] garbage = new byte[random.nextInt(0, 64)];
      random.nextBytes(garbage);
      send(garbage);
      if (i % 20 == 0) {
        Thread.sleep(1); // stay within the sockets' buffers: a lost datagram proves nothing
      }
    }
    List<byte[]> replies = replies(500);
    // A datagram may be lost in a full buffer; a real ping gets through within a few tries.
    for (int tries = 0; tries < 30 && replies.stream().noneMatch(r -> r.length > 8); tries++) {
      send(ping(System.nanoTime() / 1_000));
      replies.addAll(replies(200));
    }
    UdpStats stats = server.udpStats().stats();

    // Random bytes may happen to be a well-formed ping: the only replies are pongs.
    for (byte[] reply : replies) {
      assertThat(ServerMessage.parseFrom(reply).hasClockPong()).as("only pongs come back").isTrue();
    }
    assertThat(replies).as("the real ping is answered").isNotEmpty();
    assertThat(replies.size()).isEqualTo((int) stats.clockPings.sum());
    assertThat(stats.rejected() + stats.clockPings.sum())
        .as("every datagram read is answered as a ping or counted as dropped")
        .isEqualTo(stats.datagrams.sum());
    assertThat(stats.oversized.sum()).isEqualTo(1);
    assertThat(stats.unsupported.sum())
        .as("the empty message and the leave")
        .isGreaterThanOrEqualTo(2);
  }

  @Test
  void aPongIsAtMostThreeTimesItsPingElseItIsNotSent() throws Exception {
    byte[] tiny = ping(0); // two bytes: an empty ClockPing
    UdpStats stats = server.udpStats().stats();
    send(tiny);
    for (long deadline = System.nanoTime() + 10_000_000_000L;
        stats.amplification.sum() == 0 && System.nanoTime() < deadline; ) {
      Thread.sleep(5);
    }
    assertThat(stats.amplification.sum()).as("the tiny ping read and held back").isEqualTo(1);
    assertThat(replies(300)).as("the pong of a 2-byte ping is over 6 bytes").isEmpty();

    byte[] real = ping(System.nanoTime() / 1_000);
    List<byte[]> replies = new ArrayList<>();
    for (int tries = 0; tries < 20 && replies.isEmpty(); tries++) {
      send(real);
      replies.addAll(replies(500));
    }
    assertThat(replies).isNotEmpty();
    assertThat(replies.get(0).length).isLessThanOrEqualTo(3 * real.length);
    assertThat(ServerMessage.parseFrom(replies.get(0)).getClockPong().getClientSendMicros())
        .isEqualTo(ClientMessage.parseFrom(real).getClockPing().getClientSendMicros());
  }
}
