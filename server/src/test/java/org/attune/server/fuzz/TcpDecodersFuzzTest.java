package org.attune.server.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;
import java.util.List;
import org.attune.protocol.codec.ProtobufMessageDecoder;
import org.attune.protocol.codec.VarintFrameDecoder;
import org.attune.protocol.v1.ClientMessage;

/**
 * The TCP member pipeline's decoders, as {@code TcpServerInitializer} puts them: varint32-delimited
 * frames (at most 64 KiB) into {@code ClientMessage}s.
 */
class TcpDecodersFuzzTest {

  private static io.netty.util.ResourceLeakDetector.Level leakLevelBefore;

  @org.junit.jupiter.api.BeforeAll
  static void trackEveryBuffer() {
    leakLevelBefore = Chunks.trackEveryBuffer();
  }

  @org.junit.jupiter.api.AfterAll
  static void trackAsBefore() {
    Chunks.trackAsBefore(leakLevelBefore);
  }

  private static final int MAX_FRAME_BYTES = 64 * 1024;

  @FuzzTest
  void framesToClientMessages(byte[] input) {
    EmbeddedChannel channel =
        new EmbeddedChannel(
            new VarintFrameDecoder(MAX_FRAME_BYTES),
            new ProtobufMessageDecoder<>(ClientMessage.parser()));
    List<ByteBuf> chunks = Chunks.of(input);
    int messages = 0;
    boolean fatal = false;
    for (ByteBuf chunk : chunks) {
      // Frames before a fatal error in the same read are still delivered; none after it.
      boolean fatalHere = false;
      try {
        channel.writeInbound(chunk);
      } catch (TooLongFrameException e) {
        fatalHere = true;
      } catch (CorruptedFrameException e) {
        // A broken length prefix is fatal (everything after is discarded); a frame that does not
        // parse is not (the next frame is read).
        fatalHere = e.getMessage().startsWith("frame length");
      }
      for (Object m; (m = channel.readInbound()) != null; ) {
        assertThat(m).isInstanceOf(ClientMessage.class);
        assertThat(fatal).as("nothing is read after a fatal framing error").isFalse();
        assertThat(((ClientMessage) m).getSerializedSize()).isLessThanOrEqualTo(MAX_FRAME_BYTES);
        messages++;
      }
      fatal |= fatalHere;
    }
    assertThat(messages)
        .as("each message had at least its one-byte length")
        .isLessThan(Math.max(1, input.length));
    channel.finishAndReleaseAll();
    Chunks.assertReleased(chunks);
  }
}
