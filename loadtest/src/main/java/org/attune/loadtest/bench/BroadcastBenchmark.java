package org.attune.loadtest.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.concurrent.TimeUnit;
import org.attune.protocol.codec.VarintFramePrepender;
import org.attune.protocol.v1.Gesture;
import org.attune.protocol.v1.GestureEvent;
import org.attune.protocol.v1.Pad;
import org.attune.protocol.v1.ServerMessage;
import org.attune.server.group.Broadcast;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Fan-out encoding: the server's {@link Broadcast} (frame once, a retained duplicate per member)
 * against framing the message again for each member, for a group of N. Each duplicate is consumed
 * and released as a channel's write would.
 *
 * <p>Thread-safe: JMH gives each thread its own state.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class BroadcastBenchmark {

  @Param({"8", "30"})
  public int members;

  private final ByteBufAllocator alloc = PooledByteBufAllocator.DEFAULT;
  private ServerMessage event;

  @Setup(Level.Trial)
  public void setUp() {
    event =
        ServerMessage.newBuilder()
            .setGesture(
                GestureEvent.newBuilder()
                    .setParticipantId("m7")
                    .setGesture(
                        Gesture.newBuilder()
                            .setPad(Pad.newBuilder().setDegree(5))
                            .setVelocity(0.7f)
                            .setPlayedAtServerMicros(123_456_789L))
                    .setServerReceiveMicros(123_456_912L)
                    .setResolvedPitch(67)
                    .setBeat(1234.5678))
            .build();
  }

  /** One encoding, N - 1 retained duplicates (the sender gets none). */
  @Benchmark
  public void broadcastRetainedDuplicates(Blackhole bh) {
    Broadcast broadcast = new Broadcast(event, alloc);
    try {
      for (int i = 1; i < members; i++) {
        ByteBuf frame = broadcast.retainedFrame();
        bh.consume(frame.getByte(0));
        frame.release();
      }
    } finally {
      broadcast.release();
    }
  }

  /** The baseline Broadcast avoids: N - 1 encodings. */
  @Benchmark
  public void encodeForEachMember(Blackhole bh) {
    for (int i = 1; i < members; i++) {
      ByteBuf frame = VarintFramePrepender.frame(alloc, event);
      bh.consume(frame.getByte(0));
      frame.release();
    }
  }
}
