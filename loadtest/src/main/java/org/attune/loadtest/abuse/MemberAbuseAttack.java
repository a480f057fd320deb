package org.attune.loadtest.abuse;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;

/**
 * Members of the victims' groups who misbehave through the front door, with the join code: slow
 * readers (they play ten gestures a second and never read) and one gesture flooder (it sends
 * gestures as fast as its connection takes them). The server must mark the first lagging and drop
 * what they do not read, and limit the second, while their groups play on.
 *
 * <p>Thread-safe: see {@link Attack}.
 */
final class MemberAbuseAttack implements Attack {

  private static final int BATCH = 200;

  private final InetAddress from;
  private final InetSocketAddress tcp;
  private final List<String> slowReaderCodes;
  private final String flooderCode;
  private final AttackThreads threads = new AttackThreads("members");
  private final LongAdder slowGestures = new LongAdder();
  private final LongAdder floodGestures = new LongAdder();
  private final LongAdder closed = new LongAdder();

  /**
   * @param slowReaderCodes the join codes of the groups a slow reader joins, one each
   * @param flooderCode the join code of the group the flooder joins
   */
  MemberAbuseAttack(
      InetAddress from, InetSocketAddress tcp, List<String> slowReaderCodes, String flooderCode) {
    this.from = from;
    this.tcp = tcp;
    this.slowReaderCodes = List.copyOf(slowReaderCodes);
    this.flooderCode = flooderCode;
  }

  @Override
  public String name() {
    return "slow readers and a gesture flood";
  }

  @Override
  public void start() {
    for (int i = 0; i < slowReaderCodes.size(); i++) {
      String code = slowReaderCodes.get(i);
      String name = "Slow " + i;
      threads.loop(() -> member(code, name, false));
    }
    threads.loop(() -> member(flooderCode, "Flood", true));
  }

  private void member(String code, String name, boolean flood) throws IOException {
    Socket s = threads.keep(new Socket());
    try {
      s.setReceiveBufferSize(4096);
      s.bind(new InetSocketAddress(from, 0));
      s.connect(tcp, 2_000);
      OutputStream out = s.getOutputStream();
      out.write(Frames.join(code, name));
      AttackThreads.pause(500);
      byte[] one = Frames.gesture(1);
      byte[] batch = Frames.repeated(Frames.gesture(2), BATCH);
      while (threads.running()) {
        if (flood) {
          out.write(batch);
          floodGestures.add(BATCH);
        } else {
          out.write(one);
          slowGestures.increment();
          AttackThreads.pause(100);
        }
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
        "%d slow readers sent %,d gestures and read nothing; the flooder sent %,d gestures;"
            + " %,d of their connections were closed by the server",
        slowReaderCodes.size(),
        slowGestures.sum(),
        floodGestures.sum(),
        closed.sum());
  }
}
