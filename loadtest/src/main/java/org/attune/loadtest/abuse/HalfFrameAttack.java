package org.attune.loadtest.abuse;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;

/**
 * Connections that each announce a 64 KiB frame, send most of it and wait, from each of a few
 * loopback addresses, in rounds: a round opens them all, holds them past the server's join timeout
 * and counts those the server closed meanwhile. The server must bound what it holds and close them;
 * the per-address cap refuses the rest.
 *
 * <p>Thread-safe: see {@link Attack}.
 */
final class HalfFrameAttack implements Attack {

  private static final int FRAME_BYTES = 65_536;
  private static final int SENT_BYTES = 60_000;
  private static final long HOLD_MILLIS = 12_000;

  private final List<InetAddress> from;
  private final int perAddress;
  private final InetSocketAddress tcp;
  private final AttackThreads threads = new AttackThreads("half-frames");
  private final LongAdder opened = new LongAdder();
  private final LongAdder refused = new LongAdder();
  private final LongAdder closedByServer = new LongAdder();
  private final LongAdder heldToTheEnd = new LongAdder();

  HalfFrameAttack(List<InetAddress> from, int perAddress, InetSocketAddress tcp) {
    this.from = from;
    this.perAddress = perAddress;
    this.tcp = tcp;
  }

  @Override
  public String name() {
    return "half frames";
  }

  @Override
  public void start() {
    byte[] partial = new byte[SENT_BYTES + 3];
    // The varint of 65,536: 0x80 0x80 0x04; the rest of the frame's bytes are zeros.
    partial[0] = (byte) 0x80;
    partial[1] = (byte) 0x80;
    partial[2] = 0x04;
    for (InetAddress address : from) {
      threads.loop(() -> round(address, partial));
    }
  }

  private void round(InetAddress address, byte[] partial) {
    List<Socket> sockets = new ArrayList<>();
    for (int i = 0; i < perAddress && threads.running(); i++) {
      Socket s = threads.keep(new Socket());
      try {
        s.bind(new InetSocketAddress(address, 0));
        s.connect(tcp, 2_000);
        s.getOutputStream().write(partial);
        sockets.add(s);
        opened.increment();
      } catch (IOException e) {
        refused.increment();
        threads.forget(s);
      }
    }
    long until = System.nanoTime() + HOLD_MILLIS * 1_000_000;
    while (threads.running() && System.nanoTime() < until) {
      AttackThreads.pause(100);
    }
    for (Socket s : sockets) {
      if (isClosedByPeer(s)) {
        closedByServer.increment();
      } else {
        heldToTheEnd.increment();
      }
      threads.forget(s);
    }
  }

  private static boolean isClosedByPeer(Socket s) {
    try {
      s.setSoTimeout(1);
      InputStream in = s.getInputStream();
      byte[] b = new byte[4096];
      while (true) {
        if (in.read(b) < 0) {
          return true;
        }
      }
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true;
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
        "%,d connections sent %,d of a %,d-byte frame and waited (%,d refused or failed at once);"
            + " of those held %d s, %,d were closed by the server, %,d were still open",
        opened.sum(),
        SENT_BYTES,
        FRAME_BYTES,
        refused.sum(),
        HOLD_MILLIS / 1000,
        closedByServer.sum(),
        heldToTheEnd.sum());
  }
}
