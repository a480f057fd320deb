package org.attune.loadtest.impair;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.EventLoopGroup;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.attune.loadtest.time.PreciseScheduler;
import org.attune.server.transport.SocketTransport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class ImpairmentRelayTest {

  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

  private ServerSocket tcpEcho;
  private DatagramSocket udpServer;
  private Thread echoThread;
  private Thread udpThread;
  private final AtomicInteger udpReceived = new AtomicInteger();

  @AfterEach
  void tearDown() throws Exception {
    if (tcpEcho != null) {
      tcpEcho.close();
    }
    if (udpServer != null) {
      udpServer.close();
    }
  }

  /** A TCP echo server and a UDP server (echoing or only counting) on the same port number. */
  private InetSocketAddress startServers(boolean udpEchoes) throws Exception {
    tcpEcho = new ServerSocket(0, 50, LOOPBACK);
    int port = tcpEcho.getLocalPort();
    echoThread =
        new Thread(
            () -> {
              try (Socket s = tcpEcho.accept()) {
                s.setTcpNoDelay(true);
                InputStream in = s.getInputStream();
                OutputStream out = s.getOutputStream();
                byte[] buf = new byte[8192];
                int n;
                while ((n = in.read(buf)) >= 0) {
                  out.write(buf, 0, n);
                  out.flush();
                }
              } catch (Exception e) {
                // closed at the end of the test
              }
            });
    echoThread.setDaemon(true);
    echoThread.start();
    udpServer = new DatagramSocket(new InetSocketAddress(LOOPBACK, port));
    udpServer.setReceiveBufferSize(4 << 20);
    udpThread =
        new Thread(
            () -> {
              byte[] buf = new byte[1500];
              try {
                while (true) {
                  DatagramPacket p = new DatagramPacket(buf, buf.length);
                  udpServer.receive(p);
                  udpReceived.incrementAndGet();
                  if (udpEchoes) {
                    udpServer.send(
                        new DatagramPacket(p.getData(), p.getLength(), p.getSocketAddress()));
                  }
                }
              } catch (Exception e) {
                // closed at the end of the test
              }
            });
    udpThread.setDaemon(true);
    udpThread.start();
    return new InetSocketAddress(LOOPBACK, port);
  }

  @Test
  void tcpRoundTripsTakeTwiceTheOneWayDelayWithinItsJitter() throws Exception {
    InetSocketAddress server = startServers(false);
    LinkImpairment link = LinkImpairment.telehealth(1);
    try (ImpairmentRelay relay = ImpairmentRelay.start(server, link);
        Socket s = new Socket(LOOPBACK, relay.tcpAddress().getPort())) {
      s.setTcpNoDelay(true);
      DataOutputStream out = new DataOutputStream(s.getOutputStream());
      DataInputStream in = new DataInputStream(s.getInputStream());
      for (int i = 0; i < 15; i++) {
        long start = System.nanoTime();
        out.writeInt(i);
        out.flush();
        assertThat(in.readInt()).isEqualTo(i);
        long rtt = System.nanoTime() - start;
        // Two one-way delays of 20 ± 5 ms: at least 30 ms; at most 50 ms plus scheduling slack.
        assertThat(rtt)
            .isBetween(TimeUnit.MILLISECONDS.toNanos(30), TimeUnit.MILLISECONDS.toNanos(50 + 40));
      }
    }
  }

  @Test
  void tcpKeepsTheOrderOfBytesDespiteJitter() throws Exception {
    InetSocketAddress server = startServers(false);
    // Jitter as large as the delay: without ordering, chunks would overtake each other.
    LinkImpairment link = new LinkImpairment(Duration.ofMillis(5), Duration.ofMillis(5), 0, 3);
    try (ImpairmentRelay relay = ImpairmentRelay.start(server, link);
        Socket s = new Socket(LOOPBACK, relay.tcpAddress().getPort())) {
      s.setTcpNoDelay(true);
      DataInputStream in = new DataInputStream(s.getInputStream());
      Thread writer =
          new Thread(
              () -> {
                try {
                  DataOutputStream out = new DataOutputStream(s.getOutputStream());
                  for (int i = 0; i < 20_000; i++) {
                    out.writeInt(i);
                    if (i % 50 == 0) {
                      out.flush();
                    }
                  }
                  out.flush();
                } catch (Exception e) {
                  // the reader's assertion reports it
                }
              });
      writer.start();
      for (int i = 0; i < 20_000; i++) {
        assertThat(in.readInt()).isEqualTo(i);
      }
      writer.join();
    }
  }

  @Test
  void udpLosesAboutOnePercentWithAFixedSeed() throws Exception {
    InetSocketAddress server = startServers(false);
    LinkImpairment link = new LinkImpairment(Duration.ofMillis(1), Duration.ofMillis(1), 0.01, 11);
    int count = 20_000;
    try (ImpairmentRelay relay = ImpairmentRelay.start(server, link);
        DatagramSocket client = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
      byte[] payload = new byte[32];
      for (int i = 0; i < count; i++) {
        client.send(new DatagramPacket(payload, payload.length, relay.udpAddress()));
        if (i % 20 == 0) {
          // Paced, so that no socket buffer on the way overflows (that would be the kernel's
          // loss, not the relay's).
          Thread.sleep(1);
        }
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (relay.stats().datagramsIn.sum() < count && System.nanoTime() - deadline < 0) {
        Thread.sleep(10);
      }
      // A datagram's fate is decided as it comes in; the kept ones arrive after their delay.
      long lost = relay.stats().datagramsLost.sum();
      while (udpReceived.get() < count - lost && System.nanoTime() - deadline < 0) {
        Thread.sleep(10);
      }
      assertThat(relay.stats().datagramsIn.sum()).isEqualTo(count);
      assertThat(lost / (double) count).isBetween(0.007, 0.013);
      assertThat(relay.stats().datagramsQueueFull.sum()).isZero();
      assertThat(relay.stats().datagramsForwarded.sum()).isEqualTo(count - lost);
      assertThat(udpReceived.get()).isEqualTo(count - (int) lost);
    }
  }

  @Test
  void udpAnswersComeBackThroughTheRelayDelayedBothWays() throws Exception {
    InetSocketAddress server = startServers(true);
    LinkImpairment link = new LinkImpairment(Duration.ofMillis(20), Duration.ofMillis(5), 0, 5);
    try (ImpairmentRelay relay = ImpairmentRelay.start(server, link);
        DatagramSocket client = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
      client.setSoTimeout(2_000);
      // The first exchange opens the relay's upstream socket for this client: not measured.
      client.send(new DatagramPacket(new byte[] {-1}, 1, relay.udpAddress()));
      client.receive(new DatagramPacket(new byte[16], 16));
      for (int i = 0; i < 10; i++) {
        byte[] payload = {(byte) i};
        long start = System.nanoTime();
        client.send(new DatagramPacket(payload, 1, relay.udpAddress()));
        DatagramPacket answer = new DatagramPacket(new byte[16], 16);
        client.receive(answer);
        long rtt = System.nanoTime() - start;
        assertThat(answer.getData()[0]).isEqualTo((byte) i);
        assertThat(rtt)
            .isBetween(TimeUnit.MILLISECONDS.toNanos(30), TimeUnit.MILLISECONDS.toNanos(50 + 40));
      }
    }
  }

  @Test
  void aFullDelayLineDropsDatagramsInsteadOfQueueingThem() throws Exception {
    InetSocketAddress server = startServers(false);
    SocketTransport transport = SocketTransport.best();
    EventLoopGroup loop = transport.newLoops(1);
    RelayStats stats = new RelayStats();
    LinkImpairment link = new LinkImpairment(Duration.ofSeconds(2), Duration.ZERO, 0, 1);
    try (PreciseScheduler delayLine = new PreciseScheduler("delay", 0, 5);
        UdpImpairmentRelay relay =
            new UdpImpairmentRelay(transport, loop, server, link, delayLine, stats);
        DatagramSocket client = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
      InetSocketAddress address = relay.bind(0);
      for (int i = 0; i < 50; i++) {
        client.send(new DatagramPacket(new byte[8], 8, address));
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (stats.datagramsIn.sum() < 50 && System.nanoTime() - deadline < 0) {
        Thread.sleep(10);
      }
      assertThat(stats.datagramsIn.sum()).isEqualTo(50);
      assertThat(delayLine.size()).isLessThanOrEqualTo(5);
      assertThat(stats.datagramsQueueFull.sum()).isEqualTo(45);
    } finally {
      loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
    }
  }

  @Test
  void samplerDrawsDelaysWithinMeanPlusOrMinusJitter() {
    LinkImpairment.Sampler sampler = LinkImpairment.telehealth(9).sampler(0);
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    for (int i = 0; i < 100_000; i++) {
      long d = sampler.delayNanos();
      min = Math.min(min, d);
      max = Math.max(max, d);
    }
    assertThat(min).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(15));
    assertThat(max).isLessThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(25));
    assertThat(min).isLessThan(TimeUnit.MILLISECONDS.toNanos(16));
    assertThat(max).isGreaterThan(TimeUnit.MILLISECONDS.toNanos(24));
  }

  @Test
  void sameSeedGivesTheSameDraws() {
    LinkImpairment.Sampler a = LinkImpairment.telehealth(4).sampler(1);
    LinkImpairment.Sampler b = LinkImpairment.telehealth(4).sampler(1);
    for (int i = 0; i < 1_000; i++) {
      assertThat(a.delayNanos()).isEqualTo(b.delayNanos());
      assertThat(a.dropsDatagram()).isEqualTo(b.dropsDatagram());
    }
  }
}
