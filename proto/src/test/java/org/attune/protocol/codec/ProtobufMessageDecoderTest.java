package org.attune.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.InvalidProtocolBufferException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.CorruptedFrameException;
import org.attune.protocol.v1.ClientMessage;
import org.attune.protocol.v1.ClockPing;
import org.attune.protocol.v1.Join;
import org.attune.protocol.v1.Role;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ProtobufMessageDecoderTest {

  private static final ClientMessage JOIN =
      ClientMessage.newBuilder()
          .setRequestId(7)
          .setJoin(
              Join.newBuilder().setGroupCode("ABCD-1234").setName("Sam").setRole(Role.PARTICIPANT))
          .build();
  private static final ClientMessage PING =
      ClientMessage.newBuilder()
          .setClockPing(ClockPing.newBuilder().setClientSendMicros(123_456))
          .build();

  /** A tag of field 0, which no message has. */
  private static final byte[] GARBAGE = {0x00, 0x01, 0x02};

  private final EmbeddedChannel ch =
      new EmbeddedChannel(
          new VarintFrameDecoder(1_024), new ProtobufMessageDecoder<>(ClientMessage.parser()));

  @AfterEach
  void tearDown() {
    ch.finishAndReleaseAll();
  }

  @Test
  void frameBecomesItsMessage() {
    ByteBuf in = delimited(JOIN);

    assertThat(ch.writeInbound(in)).isTrue();

    assertThat((ClientMessage) ch.readInbound()).isEqualTo(JOIN);
    assertThat(in.refCnt()).isZero();
    assertThat(ch.finish()).isFalse();
  }

  @Test
  void emptyFrameIsTheEmptyMessage() {
    assertThat(ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {0}))).isTrue();

    assertThat((ClientMessage) ch.readInbound()).isEqualTo(ClientMessage.getDefaultInstance());
    assertThat(ch.finish()).isFalse();
  }

  @Test
  void garbageFrameIsCorruptButTheChannelReadsTheNextFrame() {
    ByteBuf garbage = Unpooled.wrappedBuffer(VarintFrameDecoderTest.frame(GARBAGE));

    assertThatThrownBy(() -> ch.writeInbound(garbage))
        .isInstanceOf(CorruptedFrameException.class)
        .hasMessageStartingWith("frame is not a valid message: ")
        .hasCauseInstanceOf(InvalidProtocolBufferException.class);
    assertThat(garbage.refCnt()).isZero();
    assertThat(ch.isOpen()).isTrue();

    assertThat(ch.writeInbound(delimited(PING))).isTrue();
    assertThat((ClientMessage) ch.readInbound()).isEqualTo(PING);
    assertThat(ch.finish()).isFalse();
  }

  @Test
  void truncatedMessageInsideAWholeFrameIsCorrupt() {
    byte[] join = JOIN.toByteArray();
    byte[] truncated = new byte[join.length - 2];
    System.arraycopy(join, 0, truncated, 0, truncated.length);

    assertThatThrownBy(
            () -> ch.writeInbound(Unpooled.wrappedBuffer(VarintFrameDecoderTest.frame(truncated))))
        .isInstanceOf(CorruptedFrameException.class);

    assertThat(ch.writeInbound(delimited(JOIN))).isTrue();
    assertThat((ClientMessage) ch.readInbound()).isEqualTo(JOIN);
    assertThat(ch.finish()).isFalse();
  }

  @Test
  void goodFramesAroundAGarbageFrameInOneBufferAreAllDelivered() {
    ByteBuf in =
        Unpooled.wrappedBuffer(
            delimitedBytes(JOIN), VarintFrameDecoderTest.frame(GARBAGE), delimitedBytes(PING));

    assertThatThrownBy(() -> ch.writeInbound(in)).isInstanceOf(CorruptedFrameException.class);

    assertThat((ClientMessage) ch.readInbound()).isEqualTo(JOIN);
    assertThat((ClientMessage) ch.readInbound()).isEqualTo(PING);
    assertThat(in.refCnt()).isZero();
    assertThat(ch.finish()).isFalse();
  }

  @Test
  void messageThatIsNotAByteBufPassesThrough() {
    assertThat(ch.writeInbound(PING)).isTrue();

    assertThat((ClientMessage) ch.readInbound()).isSameAs(PING);
    assertThat(ch.finish()).isFalse();
  }

  @Test
  void parseReadsHeapDirectAndCompositeBuffersWithoutConsumingThem() throws Exception {
    byte[] bytes = JOIN.toByteArray();
    ByteBuf heap = Unpooled.wrappedBuffer(bytes);
    ByteBuf direct = Unpooled.directBuffer(bytes.length).writeBytes(bytes);
    CompositeByteBuf composite = Unpooled.compositeBuffer();
    composite.addComponent(true, Unpooled.wrappedBuffer(bytes, 0, 5));
    composite.addComponent(true, Unpooled.wrappedBuffer(bytes, 5, bytes.length - 5));
    ByteBuf offset = Unpooled.wrappedBuffer(new byte[] {9, 9, 9}, bytes).skipBytes(3);
    try {
      for (ByteBuf buf : new ByteBuf[] {heap, direct, composite, offset}) {
        int readable = buf.readableBytes();
        assertThat(ProtobufMessageDecoder.parse(ClientMessage.parser(), buf)).isEqualTo(JOIN);
        assertThat(buf.readableBytes()).isEqualTo(readable);
        assertThat(buf.refCnt()).isEqualTo(1);
      }
    } finally {
      heap.release();
      direct.release();
      composite.release();
      offset.release();
    }
  }

  @Test
  void parseOfGarbageInADirectBufferThrowsInvalidProtocolBuffer() {
    ByteBuf direct = Unpooled.directBuffer(GARBAGE.length).writeBytes(GARBAGE);
    try {
      assertThatThrownBy(() -> ProtobufMessageDecoder.parse(ClientMessage.parser(), direct))
          .isInstanceOf(InvalidProtocolBufferException.class);
    } finally {
      direct.release();
    }
  }

  private static ByteBuf delimited(ClientMessage message) {
    return Unpooled.wrappedBuffer(delimitedBytes(message));
  }

  private static byte[] delimitedBytes(ClientMessage message) {
    return VarintFrameDecoderTest.frame(message.toByteArray());
  }
}
