package org.attune.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.attune.protocol.v1.ClientMessage;
import org.attune.protocol.v1.ClockPing;
import org.attune.protocol.v1.ErrorCode;
import org.attune.protocol.v1.Role;
import org.attune.protocol.v1.ServerMessage;
import org.attune.server.group.Group;
import org.attune.server.transport.ConnectionLimits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What one connection, one address or many connections may hold of the server (issue 10: memory and
 * liveness), on real sockets on 127.0.0.1.
 */
@Timeout(60)
class ConnectionLimitsOverSocketsTest {

  private AttuneServer server;
  private Group group;
  private final List<AutoCloseable> open = new ArrayList<>();

  private void start(ConnectionLimits limits) throws Exception {
    server = AttuneServer.start(ServerConfig.onFreePorts().withLimits(limits));
    group = server.groups().create("test");
  }

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable c : open) {
      c.close();
    }
    if (server != null) {
      server.close();
    }
  }

  private Socket connect() throws Exception {
    Socket s = new Socket();
    open.add(s);
    s.connect(new InetSocketAddress("127.0.0.1", server.tcpPort()));
    s.setSoTimeout(10_000);
    return s;
  }

  private static ClientMessage ping() {
    return ClientMessage.newBuilder()
        .setClockPing(ClockPing.newBuilder().setClientSendMicros(1))
        .build();
  }

  @Test
  void aConnectionThatOnlyPingsIsToldAndClosedAfterTheJoinTimeout() throws Exception {
    start(ConnectionLimits.defaults().withJoinTimeout(Duration.ofSeconds(1)));
    Socket s = connect();
    OutputStream out = s.getOutputStream();
    InputStream in = s.getInputStream();
    long start = System.nanoTime();
    ServerMessage error = null;
    // Pings every 100 ms for up to 5 s: they are answered, but do not keep the connection.
    for (int i = 0; i < 50 && error == null; i++) {
      try {
        ping().writeDelimitedTo(out);
        out.flush();
      } catch (java.io.IOException closed) {
        break; // closed after the error, which is still to be read
      }
      ServerMessage m = ServerMessage.parseDelimitedFrom(in);
      assertThat(m).as("closed without an error").isNotNull();
      if (m.hasError()) {
        error = m;
      }
      Thread.sleep(100);
    }
    try {
      for (ServerMessage m; error == null && (m = ServerMessage.parseDelimitedFrom(in)) != null; ) {
        if (m.hasError()) {
          error = m;
        }
      }
    } catch (java.io.IOException reset) {
      // closed with pings unread
    }
    assertThat(error).as("no error in 5 s").isNotNull();
    assertThat(error.getError().getCode()).isEqualTo(ErrorCode.NOT_JOINED);
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isBetween(900L, 5000L);
    s.setSoTimeout(5_000);
    try {
      while (ServerMessage.parseDelimitedFrom(in) != null) {
        // a pong that crossed the error
      }
    } catch (java.io.IOException reset) {
      // closed with pings unread: a reset, which is also the end
    }
    assertThat(server.tcpStats().joinTimeouts.sum()).isEqualTo(1);
  }

  @Test
  void aConnectionThatSendsGarbageAndNeverReadsIsClosedAtTheJoinTimeout() throws Exception {
    // Each frame (one zero byte) does not parse and is answered MALFORMED, ~160 bytes: the replies
    // soon fill the kernel's buffers towards a peer that never reads. The timeout's error then
    // cannot be written; before, the connection was closed only once it had been, which was never
    // (it was read at its message budget all along, so not even idle).
    start(ConnectionLimits.defaults().withJoinTimeout(Duration.ofSeconds(1)));
    SocketChannel raw = SocketChannel.open();
    open.add(raw);
    raw.socket().setReceiveBufferSize(4096);
    raw.connect(new InetSocketAddress("127.0.0.1", server.tcpPort()));
    raw.configureBlocking(false);
    long accepted = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (server.connectionLimiter().open() == 0 && System.nanoTime() < accepted) {
      Thread.sleep(1);
    }
    ByteBuffer garbage = ByteBuffer.allocate(2 * 1024);
    while (garbage.hasRemaining()) {
      garbage.put((byte) 1).put((byte) 0);
    }
    garbage.flip();
    long start = System.nanoTime();
    long deadline = start + TimeUnit.SECONDS.toNanos(6);
    boolean writing = true;
    while (server.connectionLimiter().open() > 0 && System.nanoTime() < deadline) {
      if (writing) {
        try {
          raw.write(garbage.duplicate());
        } catch (java.io.IOException closed) {
          writing = false;
        }
      }
      Thread.sleep(5);
    }
    long closedAfterMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertThat(server.connectionLimiter().open()).as("still open after 6 s").isZero();
    assertThat(closedAfterMillis).isBetween(900L, 3_000L);
    assertThat(server.tcpStats().joinTimeouts.sum()).isEqualTo(1);
  }

  @Test
  void aMemberWhoJoinedInTimeStaysPastTheJoinTimeout() throws Exception {
    start(ConnectionLimits.defaults().withJoinTimeout(Duration.ofSeconds(1)));
    TcpPeer sam = new TcpPeer(server.tcpPort(), group.joinCode());
    open.add(sam);
    sam.join("Sam", Role.PARTICIPANT, "");
    Thread.sleep(1_500);
    sam.send(ping().toBuilder());
    assertThat(sam.await(ServerMessage::hasClockPong).getClockPong().getClientSendMicros())
        .isEqualTo(1);
    assertThat(server.tcpStats().joinTimeouts.sum()).isZero();
  }

  @Test
  void connectionsPastThePerAddressCapAreClosedAtOnceAndTheOthersStillJoin() throws Exception {
    start(ConnectionLimits.defaults().withMaxConnections(100, 3));
    List<TcpPeer> peers = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      TcpPeer p = new TcpPeer(server.tcpPort(), group.joinCode());
      open.add(p);
      peers.add(p);
    }
    Socket fourth = connect();
    fourth.setSoTimeout(5_000);
    assertThat(fourth.getInputStream().read()).as("closed at once").isEqualTo(-1);
    for (int i = 0; i < 3; i++) {
      peers.get(i).join("P" + i, Role.PARTICIPANT, "");
    }
    assertThat(server.connectionLimiter().refused.sum()).isEqualTo(1);
    peers.get(0).close();
    // Once one has closed, another from the same address is let in.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (server.connectionLimiter().open() > 2 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    TcpPeer again = new TcpPeer(server.tcpPort(), group.joinCode());
    open.add(again);
    assertThat(again.join("Again", Role.PARTICIPANT, "").getParticipantId()).isNotEmpty();
  }

  @Test
  void halfFramesBeyondTheBudgetCloseTheirConnectionsAndFreeWhatTheyHeld() throws Exception {
    long budget = 256 * 1024;
    start(ConnectionLimits.defaults().withMaxPartialFrameBytes(budget));
    List<Socket> sockets = new ArrayList<>();
    byte[] halfFrame = new byte[3 + 60 * 1024];
    // A varint32 length of 64 KiB - 1 (0xFF 0xFF 0x03), then 60 KiB of the frame.
    halfFrame[0] = (byte) 0xFF;
    halfFrame[1] = (byte) 0xFF;
    halfFrame[2] = 0x03;
    for (int i = 0; i < 16; i++) {
      Socket s = connect();
      s.getOutputStream().write(halfFrame);
      s.getOutputStream().flush();
      sockets.add(s);
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (server.partialFrames().closed.sum() < 16 - budget / halfFrame.length
        && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(server.partialFrames().held()).isLessThanOrEqualTo(budget + halfFrame.length);
    assertThat(server.partialFrames().closed.sum())
        .isGreaterThanOrEqualTo(16 - budget / halfFrame.length - 1);
    // A member can still join, and once the attacker leaves, nothing is held.
    TcpPeer sam = new TcpPeer(server.tcpPort(), group.joinCode());
    open.add(sam);
    sam.join("Sam", Role.PARTICIPANT, "");
    for (Socket s : sockets) {
      s.close();
    }
    while (server.partialFrames().held() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(server.partialFrames().held()).isZero();
  }

  @Test
  void aMemberThatSendsPingsAndNeverReadsIsNoLongerReadSoWhatItQueuesStaysBounded()
      throws Exception {
    start(ConnectionLimits.defaults());
    byte[] one = ping().toByteArray();
    ByteBuffer pings = ByteBuffer.allocate(64 * 1024);
    while (pings.remaining() > one.length + 1) {
      pings.put((byte) one.length).put(one);
    }
    pings.flip();
    // The same socket, written without blocking: how much the server takes in before it stops.
    SocketChannel raw = SocketChannel.open();
    open.add(raw);
    raw.socket().setReceiveBufferSize(4096);
    raw.connect(new InetSocketAddress("127.0.0.1", server.tcpPort()));
    new TcpPeerOver(raw).join(group.joinCode());
    raw.configureBlocking(false);
    long sent = 0;
    long limit = 256L * 1024 * 1024;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    long lastProgress = System.nanoTime();
    boolean stalled = false;
    while (sent < limit && System.nanoTime() < deadline) {
      int n = raw.write(pings.duplicate());
      if (n > 0) {
        sent += n;
        lastProgress = System.nanoTime();
      } else if (System.nanoTime() - lastProgress > TimeUnit.SECONDS.toNanos(2)) {
        stalled = true; // the server has stopped reading
        break;
      } else {
        Thread.sleep(5);
      }
    }
    // Kernel buffers on loopback hold some megabytes; without back-pressure the server read all
    // 256 MiB and queued about twice that in pongs.
    assertThat(stalled).as("the server kept reading: %d bytes", sent).isTrue();
    assertThat(sent).isLessThan(64L * 1024 * 1024);
    // Not read any more, rather than closed for queueing past the cap.
    assertThat(server.tcpStats().outboundOverflows.sum()).isZero();
    assertThat(raw.isConnected()).isTrue();
    TcpPeer sam = new TcpPeer(server.tcpPort(), group.joinCode());
    open.add(sam);
    assertThat(sam.join("Sam", Role.PARTICIPANT, "").getParticipantId()).isNotEmpty();
  }

  /** Joins over a blocking {@link SocketChannel} before the test switches it to non-blocking. */
  private record TcpPeerOver(SocketChannel channel) {
    void join(String code) throws Exception {
      OutputStream out = channel.socket().getOutputStream();
      ClientMessage.newBuilder()
          .setJoin(
              org.attune.protocol.v1.Join.newBuilder()
                  .setGroupCode(code)
                  .setName("Raw")
                  .setRole(Role.PARTICIPANT))
          .build()
          .writeDelimitedTo(out);
      out.flush();
      channel.socket().setSoTimeout(30_000);
      InputStream in = channel.socket().getInputStream();
      ServerMessage m;
      do {
        m = ServerMessage.parseDelimitedFrom(in);
        assertThat(m).isNotNull();
      } while (!m.hasWelcome() && !m.hasError());
      assertThat(m.hasWelcome()).as("%s", m).isTrue();
    }
  }
}
