package org.attune.loadtest.bench;

import com.illposed.osc.OSCBundle;
import com.illposed.osc.OSCMessage;
import com.illposed.osc.OSCPacket;
import com.illposed.osc.argument.OSCTimeTag64;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.attune.server.transport.osc.OscCodec;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * The OSC gateway's codec (JavaOSC inside {@link OscCodec}): a tablet's pad decoded, a relayed
 * gesture encoded for an OSC member, and a time-tagged structure-change bundle encoded.
 *
 * <p>Thread-safe: JMH gives each thread its own state.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class OscCodecBenchmark {

  private OscCodec codec;
  private byte[] pad;
  private OSCMessage played;
  private OSCBundle change;

  @Setup(Level.Trial)
  public void setUp() {
    codec = new OscCodec();
    pad = codec.encode(new OSCMessage("/attune/pad", List.of(3, 0.8f)));
    played = new OSCMessage("/attune/played", List.of("m7", "pad", 67, 0.7f));
    change =
        new OSCBundle(
            List.<OSCPacket>of(
                new OSCMessage("/attune/change", List.of(12, 5, 1, "section B at next bar")),
                new OSCMessage("/attune/next/tempo", List.of(96f, 0f)),
                new OSCMessage("/attune/next/section", List.of("B"))),
            OSCTimeTag64.valueOf(Instant.now()));
  }

  /** Server side: a tablet's {@code /attune/pad 3 0.8} datagram read into messages. */
  @Benchmark
  public List<OSCMessage> decodePad() throws Exception {
    return OscCodec.messages(codec.decode(ByteBuffer.wrap(pad)));
  }

  /** Server side: another member's gesture written for one OSC member. */
  @Benchmark
  public byte[] encodePlayed() {
    return codec.encode(played);
  }

  /** Server side: a structure change's time-tagged announcement bundle written. */
  @Benchmark
  public byte[] encodeChangeBundle() {
    return codec.encode(change);
  }
}
