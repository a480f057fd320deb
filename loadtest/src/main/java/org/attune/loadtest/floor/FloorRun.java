package org.attune.loadtest.floor;

import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoopGroup;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.attune.loadtest.measure.IntervalRecorder;
import org.attune.loadtest.measure.Percentiles;
import org.attune.loadtest.server.ProcessProbe;
import org.attune.server.transport.SocketTransport;

/**
 * Measures the floor with the same shape as an Attune run: as many members in groups of the same
 * size, each sending at the same rate over loopback TCP to a {@link FloorRelayServer}.
 *
 * <p>Thread-safe: no; one run from one thread.
 */
public final class FloorRun {

  /** Payload like an encoded gesture event (participant id, pad, velocity, times, pitch, beat). */
  public static final int DEFAULT_PAYLOAD_BYTES = 40;

  private final int members;
  private final int groupSize;
  private final double perSecond;
  private final Duration warmup;
  private final Duration duration;
  private final int clientThreads;

  public FloorRun(
      int members,
      int groupSize,
      double perSecond,
      Duration warmup,
      Duration duration,
      int clientThreads) {
    this.members = members;
    this.groupSize = groupSize;
    this.perSecond = perSecond;
    this.warmup = warmup;
    this.duration = duration;
    this.clientThreads = clientThreads;
  }

  /**
   * Runs against the relay at {@code relay}.
   *
   * @param relayDropped the relay's dropped count at the end, or -1 if it cannot be read
   * @param relayCpuNanos the relay process's CPU time so far, or -1 if it cannot be read
   */
  public FloorResult run(
      InetSocketAddress relay, LongSupplier relayDropped, LongSupplier relayCpuNanos)
      throws InterruptedException {
    IntervalRecorder latency = new IntervalRecorder();
    SocketTransport transport = SocketTransport.best();
    EventLoopGroup loops = transport.newLoops(clientThreads);
    List<FloorMember> all = new ArrayList<>();
    List<ChannelFuture> connects = new ArrayList<>();
    try {
      for (int i = 0; i < members; i++) {
        FloorMember m =
            new FloorMember(i / groupSize, i % groupSize, DEFAULT_PAYLOAD_BYTES, latency);
        all.add(m);
        connects.add(m.connect(transport, loops, relay));
        if (i % 200 == 199) {
          // Pace the connects so that the accept backlog never overflows.
          connects.get(i).sync();
        }
      }
      for (ChannelFuture f : connects) {
        f.sync();
      }
      // Let the last hellos reach the relay before anyone plays.
      Thread.sleep(500);
      for (FloorMember m : all) {
        m.startPlaying(perSecond);
      }
      Thread.sleep(warmup.toMillis());
      latency.nextInterval();
      latency.counting(true);
      long cpuStart = relayCpuNanos.getAsLong();
      ProcessProbe self = new ProcessProbe(ProcessHandle.current().pid());
      long selfStart = self.cpuNanos();
      long start = System.nanoTime();
      Thread.sleep(duration.toMillis());
      long elapsed = System.nanoTime() - start;
      double relayCores =
          cpuStart < 0 ? -1 : (relayCpuNanos.getAsLong() - cpuStart) / (double) elapsed;
      double selfCores = (self.cpuNanos() - selfStart) / (double) elapsed;
      for (FloorMember m : all) {
        m.stopPlaying();
      }
      Thread.sleep(1_000);
      Map<Integer, Long> sentByGroup = new HashMap<>();
      long sent = 0;
      long failures = 0;
      for (FloorMember m : all) {
        sentByGroup.merge(m.group(), m.sent(), Long::sum);
        sent += m.sent();
        failures += m.failures();
      }
      long expected = 0;
      long received = 0;
      for (FloorMember m : all) {
        expected += sentByGroup.get(m.group()) - m.sent();
        received += m.received();
      }
      var total = latency.total().copy();
      return new FloorResult(
          total,
          Percentiles.ofNanos(total),
          sent,
          received,
          expected,
          failures,
          relayDropped.getAsLong(),
          relayCores,
          selfCores);
    } finally {
      for (FloorMember m : all) {
        m.close();
      }
      loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
    }
  }
}
