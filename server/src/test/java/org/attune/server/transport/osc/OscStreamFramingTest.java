package org.attune.server.transport.osc;

import static org.assertj.core.api.Assertions.assertThat;

import com.illposed.osc.OSCMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Both OSC stream framings on an {@link EmbeddedChannel}, split, escaped and oversized. */
class OscStreamFramingTest {

  private static byte[] bytes(int... values) {
    byte[] out = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (byte) values[i];
    }
    return out;
  }

  private static Object inbound(EmbeddedChannel channel) {
    return channel.readInbound();
  }

  private static byte[] packetOf(EmbeddedChannel channel) {
    Object frame = channel.readInbound();
    assertThat(frame).isInstanceOf(OscStreamFrame.Packet.class);
    return ((OscStreamFrame.Packet) frame).bytes();
  }

  @Test
  void lengthPrefixedFramesSplitAcrossReads() {
    EmbeddedChannel channel = new EmbeddedChannel(new OscStreamFraming());
    channel.writeInbound(Unpooled.wrappedBuffer(bytes(0, 0, 0, 4, 1, 2)));
    assertThat(inbound(channel)).isNull();
    channel.writeInbound(Unpooled.wrappedBuffer(bytes(3, 4, 0, 0, 0, 1, 9)));
    assertThat(packetOf(channel)).containsExactly(1, 2, 3, 4);
    assertThat(packetOf(channel)).containsExactly(9);
  }

  @Test
  void anOversizedLengthEndsTheStream() {
    EmbeddedChannel channel = new EmbeddedChannel(new OscStreamFraming());
    channel.writeInbound(Unpooled.wrappedBuffer(bytes(0, 1, 0, 0, 1, 2, 3)));
    assertThat(inbound(channel)).isEqualTo(new OscStreamFrame.Oversized(true));
  }

  @Test
  void slipFramesWithEscapesAndRepliesInSlip() {
    EmbeddedChannel channel = new EmbeddedChannel(new OscStreamFraming());
    channel.writeInbound(Unpooled.wrappedBuffer(bytes(0xC0, 1, 0xDB, 0xDC, 2)));
    assertThat(inbound(channel)).isNull();
    channel.writeInbound(Unpooled.wrappedBuffer(bytes(0xDB, 0xDD, 0xC0, 0xC0, 7, 0xC0)));
    assertThat(packetOf(channel)).containsExactly(1, 0xC0, 2, 0xDB);
    assertThat(packetOf(channel)).containsExactly(7);

    channel.writeOutbound((Object) bytes(5, 0xC0, 0xDB));
    ByteBuf out = channel.readOutbound();
    byte[] written = new byte[out.readableBytes()];
    out.readBytes(written);
    out.release();
    assertThat(written).containsExactly(bytes(0xC0, 5, 0xDB, 0xDC, 0xDB, 0xDD, 0xC0));
  }

  @Test
  void anOversizedSlipFrameIsSkippedAndTheStreamGoesOn() {
    EmbeddedChannel channel = new EmbeddedChannel(new OscStreamFraming());
    ByteBuf big = Unpooled.buffer();
    big.writeByte(0xC0);
    big.writeZero(OscCodec.MAX_PACKET_BYTES + 10);
    big.writeBytes(bytes(0xC0, 3, 0xC0));
    channel.writeInbound(big);
    assertThat(inbound(channel)).isEqualTo(new OscStreamFrame.Oversized(false));
    assertThat(packetOf(channel)).containsExactly(3);
  }

  @Test
  void oscPacketsWithNoFrameAreOneUnframedFrameAndRepliesGoUnframedToo() {
    EmbeddedChannel channel = new EmbeddedChannel(new OscStreamFraming());
    // What Pd's [netsend -b] sends over TCP: [oscformat]'s bytes, no length before them.
    byte[] join = new OscCodec().encode(new OSCMessage("/attune/join", List.of("CODE", "Pd")));
    channel.writeInbound(Unpooled.wrappedBuffer(join));
    assertThat(inbound(channel)).isEqualTo(new OscStreamFrame.Unframed());
    channel.writeInbound(Unpooled.wrappedBuffer(join));
    assertThat(inbound(channel)).as("the rest of the stream is skipped").isNull();

    channel.writeOutbound((Object) bytes(1, 2));
    ByteBuf out = channel.readOutbound();
    byte[] written = new byte[out.readableBytes()];
    out.readBytes(written);
    out.release();
    assertThat(written).containsExactly(1, 2);
    assertThat(channel.finish()).isFalse();
  }

  @Test
  void aBundleWithNoFrameIsUnframedToo() {
    EmbeddedChannel channel = new EmbeddedChannel(new OscStreamFraming());
    channel.writeInbound(Unpooled.wrappedBuffer("#bundle\0".getBytes(StandardCharsets.US_ASCII)));
    assertThat(inbound(channel)).isEqualTo(new OscStreamFrame.Unframed());
  }

  @Test
  void repliesUseALengthPrefixUnlessTheClientSpokeSlip() {
    EmbeddedChannel channel = new EmbeddedChannel(new OscStreamFraming());
    channel.writeOutbound((Object) bytes(1, 2));
    ByteBuf out = channel.readOutbound();
    assertThat(out.readInt()).isEqualTo(2);
    assertThat(out.readableBytes()).isEqualTo(2);
    out.release();
  }
}
