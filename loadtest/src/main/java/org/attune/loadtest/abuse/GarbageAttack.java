package org.attune.loadtest.abuse;

import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.LongAdder;

/**
 * Garbage: TCP connections that write random bytes (a connection the server closes is opened
 * again), and random datagrams of 0 to 120 bytes to the clock port and the OSC port, counting what
 * the server sends back to them (a reflector answers garbage with more than it got).
 *
 * <p>Thread-safe: see {@link Attack}.
 */
final class GarbageAttack implements Attack {

  private static final int TCP_CONNECTIONS = 16;
  private static final int DATAGRAMS_A_SECOND = 2_000;

  private final InetAddress from;
  private final InetSocketAddress tcp;
  private final InetSocketAddress osc;
  private final AttackThreads threads = new AttackThreads("garbage");
  private final LongAdder tcpBytes = new LongAdder();
  private final LongAdder tcpClosed = new LongAdder();
  private final LongAdder datagrams = new LongAdder();
  private final LongAdder datagramBytes = new LongAdder();
  private final LongAdder replies = new LongAdder();
  private final LongAdder replyBytes = new LongAdder();

  GarbageAttack(InetAddress from, InetSocketAddress tcp, InetSocketAddress osc) {
    this.from = from;
    this.tcp = tcp;
    this.osc = osc;
  }

  @Override
  public String name() {
    return "garbage";
  }

  @Override
  public void start() {
    for (int i = 0; i < TCP_CONNECTIONS; i++) {
      SplittableRandom random = new SplittableRandom(i);
      threads.loop(() -> tcpGarbage(random));
    }
    DatagramSocket udp;
    try {
      udp = threads.keep(new DatagramSocket(new InetSocketAddress(from, 0)));
    } catch (IOException e) {
      throw new IllegalStateException("cannot bind a UDP socket to " + from, e);
    }
    SplittableRandom random = new SplittableRandom(99);
    threads.loop(() -> udpGarbage(udp, random));
    threads.loop(() -> countReplies(udp));
  }

  private void tcpGarbage(SplittableRandom random) throws IOException {
    Socket s = threads.keep(new Socket());
    try {
      s.bind(new InetSocketAddress(from, 0));
      s.connect(tcp, 2_000);
      OutputStream out = s.getOutputStream();
      byte[] junk = new byte[1024];
      while (threads.running()) {
        random.nextBytes(junk);
        out.write(junk);
        tcpBytes.add(junk.length);
        AttackThreads.pause(20);
      }
    } catch (IOException e) {
      tcpClosed.increment();
      throw e;
    } finally {
      threads.forget(s);
    }
  }

  private void udpGarbage(DatagramSocket udp, SplittableRandom random) throws IOException {
    long start = System.nanoTime();
    for (int i = 0; i < DATAGRAMS_A_SECOND / 100 && threads.running(); i++) {
      byte[] junk = new byte[random.nextInt(121)];
      random.nextBytes(junk);
      InetSocketAddress to = osc != null && (i & 1) == 1 ? osc : tcp;
      udp.send(new DatagramPacket(junk, junk.length, to));
      datagrams.increment();
      datagramBytes.add(junk.length);
    }
    long left = 10_000_000 - (System.nanoTime() - start);
    if (left > 0) {
      AttackThreads.pause(left / 1_000_000);
    }
  }

  private void countReplies(DatagramSocket udp) throws IOException {
    udp.setSoTimeout(200);
    byte[] buffer = new byte[65_536];
    DatagramPacket p = new DatagramPacket(buffer, buffer.length);
    try {
      udp.receive(p);
      replies.increment();
      replyBytes.add(p.getLength());
    } catch (SocketTimeoutException e) {
      // Nothing came back: as it should be.
    }
  }

  @Override
  public void stop() throws InterruptedException {
    threads.stop();
  }

  @Override
  public String summary() {
    return String.format(
        Locale.ROOT,
        "%,d garbage bytes over TCP (%,d connections closed by the server); %,d random"
            + " datagrams (%,d bytes) answered with %,d datagrams (%,d bytes)",
        tcpBytes.sum(),
        tcpClosed.sum(),
        datagrams.sum(),
        datagramBytes.sum(),
        replies.sum(),
        replyBytes.sum());
  }

  /** Bytes the server sent back for each garbage byte it got over UDP. */
  double amplification() {
    long in = datagramBytes.sum();
    return in == 0 ? 0 : replyBytes.sum() / (double) in;
  }
}
