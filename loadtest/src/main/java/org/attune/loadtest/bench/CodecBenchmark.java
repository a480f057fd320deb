package org.attune.loadtest.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.concurrent.TimeUnit;
import org.attune.protocol.codec.ProtobufMessageDecoder;
import org.attune.protocol.codec.VarintFrameDecoder;
import org.attune.protocol.codec.VarintFramePrepender;
import org.attune.protocol.v1.ClientMessage;
import org.attune.protocol.v1.Gesture;
import org.attune.protocol.v1.GestureEvent;
import org.attune.protocol.v1.Pad;
import org.attune.protocol.v1.ServerMessage;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The protobuf codec on the hot path: a member's gesture encoded and framed, the relayed gesture
 * event framed once for fan-out, and a frame decoded back into a message (the parse alone, and the
 * whole inbound pipeline of frame decoder and message decoder).
 *
 * <p>Thread-safe: JMH gives each thread its own state.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class CodecBenchmark {

  private final ByteBufAllocator alloc = PooledByteBufAllocator.DEFAULT;
  private ClientMessage gesture;
  private ServerMessage event;
  private ByteBuf eventFrame;
  private ByteBuf eventPayload;
  private EmbeddedChannel inbound;

  @Setup(Level.Trial)
  public void setUp() {
    Gesture g =
        Gesture.newBuilder()
            .setPad(Pad.newBuilder().setDegree(5))
            .setVelocity(0.7f)
            .setPlayedAtServerMicros(123_456_789L)
            .build();
    gesture = ClientMessage.newBuilder().setGesture(g).build();
    event =
        ServerMessage.newBuilder()
            .setGesture(
                GestureEvent.newBuilder()
                    .setParticipantId("m7")
                    .setGesture(g)
                    .setServerReceiveMicros(123_456_912L)
                    .setResolvedPitch(67)
                    .setBeat(1234.5678))
            .build();
    eventFrame = VarintFramePrepender.frame(alloc, event);
    eventPayload = eventFrame.slice(1, eventFrame.readableBytes() - 1);
    inbound =
        new EmbeddedChannel(
            new VarintFrameDecoder(64 * 1024),
            new ProtobufMessageDecoder<>(ServerMessage.parser()));
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    eventFrame.release();
    inbound.finishAndReleaseAll();
  }

  /** Client side: a gesture message framed for TCP. */
  @Benchmark
  public void encodeGestureFrame(Blackhole bh) {
    ByteBuf frame = VarintFramePrepender.frame(alloc, gesture);
    bh.consume(frame.readableBytes());
    frame.release();
  }

  /** Server side: the relayed gesture event framed (once per fan-out). */
  @Benchmark
  public void encodeGestureEventFrame(Blackhole bh) {
    ByteBuf frame = VarintFramePrepender.frame(alloc, event);
    bh.consume(frame.readableBytes());
    frame.release();
  }

  /** A gesture event's payload parsed into a message. */
  @Benchmark
  public ServerMessage decodeGestureEvent() throws Exception {
    return ProtobufMessageDecoder.parse(ServerMessage.parser(), eventPayload.duplicate());
  }

  /** A framed gesture event through the inbound pipeline: frame decoder, then message decoder. */
  @Benchmark
  public Object decodeFrameThroughPipeline() {
    inbound.writeInbound(eventFrame.retainedDuplicate());
    return inbound.readInbound();
  }
}
