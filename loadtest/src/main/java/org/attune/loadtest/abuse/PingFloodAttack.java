package org.attune.loadtest.abuse;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;

/**
 * Connections that send clock pings as fast as they can and never read a pong: the server must stop
 * reading them or close them, not queue pongs until it runs out of memory.
 *
 * <p>Thread-safe: see {@link Attack}.
 */
final class PingFloodAttack implements Attack {

  private static final int CONNECTIONS = 8;

  private final InetAddress from;
  private final InetSocketAddress tcp;
  private final AttackThreads threads = new AttackThreads("ping-flood");
  private final LongAdder bytes = new LongAdder();
  private final LongAdder closed = new LongAdder();

  PingFloodAttack(InetAddress from, InetSocketAddress tcp) {
    this.from = from;
    this.tcp = tcp;
  }

  @Override
  public String name() {
    return "ping flood";
  }

  @Override
  public void start() {
    byte[] batch = Frames.repeated(Frames.ping(1), 500);
    for (int i = 0; i < CONNECTIONS; i++) {
      threads.loop(() -> flood(batch));
    }
  }

  private void flood(byte[] batch) throws IOException {
    Socket s = threads.keep(new Socket());
    try {
      s.setReceiveBufferSize(4096);
      s.bind(new InetSocketAddress(from, 0));
      s.connect(tcp, 2_000);
      OutputStream out = s.getOutputStream();
      while (threads.running()) {
        out.write(batch);
        bytes.add(batch.length);
      }
    } catch (IOException e) {
      closed.increment();
      throw e;
    } finally {
      threads.forget(s);
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
        "%,d bytes of clock pings from %d connections that never read (%,d closed by the server)",
        bytes.sum(),
        CONNECTIONS,
        closed.sum());
  }
}
