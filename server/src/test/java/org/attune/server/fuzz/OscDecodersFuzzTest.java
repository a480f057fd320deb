package org.attune.server.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.illposed.osc.OSCMessage;
import com.illposed.osc.OSCPacket;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.ByteBuffer;
import java.util.List;
import org.attune.server.transport.osc.OscCodec;
import org.attune.server.transport.osc.OscFormatException;
import org.attune.server.transport.osc.OscStreamFrame;
import org.attune.server.transport.osc.OscStreamFraming;

/**
 * The OSC gateway's decoders: one packet (a datagram, or a frame's bytes) through {@link OscCodec}
 * and its bundles flattened into messages; and a TCP byte stream through {@link OscStreamFraming}
 * (length-prefixed, SLIP or unframed).
 */
class OscDecodersFuzzTest {

  private static io.netty.util.ResourceLeakDetector.Level leakLevelBefore;

  @org.junit.jupiter.api.BeforeAll
  static void trackEveryBuffer() {
    leakLevelBefore = Chunks.trackEveryBuffer();
  }

  @org.junit.jupiter.api.AfterAll
  static void trackAsBefore() {
    Chunks.trackAsBefore(leakLevelBefore);
  }

  @FuzzTest
  void packets(byte[] input) {
    OSCPacket packet;
    try {
      packet = new OscCodec().decode(ByteBuffer.wrap(input));
    } catch (OscFormatException e) {
      return;
    }
    List<OSCMessage> messages;
    try {
      messages = OscCodec.messages(packet);
    } catch (OscFormatException e) {
      return;
    }
    // An address alone takes four bytes: a packet holds no more messages than that allows.
    assertThat(messages.size()).isLessThanOrEqualTo(input.length / 4);
    for (OSCMessage m : messages) {
      assertThat(m.getAddress().length()).isLessThan(input.length);
      assertThat(m.getArguments().size()).isLessThanOrEqualTo(input.length);
    }
  }

  @FuzzTest
  void streams(byte[] input) {
    EmbeddedChannel channel = new EmbeddedChannel(new OscStreamFraming());
    List<ByteBuf> chunks = Chunks.of(input);
    long packetBytes = 0;
    boolean ended = false;
    for (ByteBuf chunk : chunks) {
      channel.writeInbound(chunk);
      for (Object f; (f = channel.readInbound()) != null; ) {
        assertThat(ended)
            .as("nothing follows a frame the stream cannot be followed after")
            .isFalse();
        OscStreamFrame frame = (OscStreamFrame) f;
        if (frame instanceof OscStreamFrame.Packet p) {
          assertThat(p.bytes().length).isLessThanOrEqualTo(OscCodec.MAX_PACKET_BYTES);
          packetBytes += p.bytes().length;
        } else if (frame instanceof OscStreamFrame.Oversized o) {
          ended = o.fatal();
        } else {
          ended = true;
        }
      }
    }
    assertThat(packetBytes)
        .as("no frame holds more than the stream carried")
        .isLessThan(Math.max(1, input.length));
    channel.finishAndReleaseAll();
    Chunks.assertReleased(chunks);
  }
}
