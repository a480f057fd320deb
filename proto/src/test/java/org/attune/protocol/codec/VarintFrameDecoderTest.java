package org.attune.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class VarintFrameDecoderTest {

  private static final int MAX = 1_000;

  private EmbeddedChannel ch;

  @BeforeEach
  void setUp() {
    ch = new EmbeddedChannel(new VarintFrameDecoder(MAX));
  }

  @AfterEach
  void tearDown() {
    ch.finishAndReleaseAll();
  }

  @Test
  void oneFrameInOneBufferIsOneFrame() {
    byte[] payload = payload(10, 1);
    ByteBuf in = Unpooled.wrappedBuffer(frame(payload));

    assertThat(ch.writeInbound(in)).isTrue();

    assertFrame(ch.readInbound(), payload);
    assertThat((Object) ch.readInbound()).isNull();
    assertThat(ch.finish()).isFalse();
    assertThat(in.refCnt()).isZero();
  }

  @Test
  void severalFramesInOneBufferAreSplit() {
    byte[][] payloads = {
      payload(3, 1), payload(0, 2), payload(300, 3), payload(MAX, 4), payload(1, 5)
    };
    ByteArrayOutputStream stream = new ByteArrayOutputStream();
    for (byte[] payload : payloads) {
      stream.writeBytes(frame(payload));
    }

    assertThat(ch.writeInbound(Unpooled.wrappedBuffer(stream.toByteArray()))).isTrue();

    for (byte[] payload : payloads) {
      assertFrame(ch.readInbound(), payload);
    }
    assertThat((Object) ch.readInbound()).isNull();
    assertThat(ch.finish()).isFalse();
  }

  @Test
  void frameDeliveredByteByByteIsOneFrame() {
    byte[] payload = payload(300, 6);
    byte[] framed = frame(payload);

    for (int i = 0; i < framed.length - 1; i++) {
      assertThat(ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {framed[i]})))
          .as("byte %d", i)
          .isFalse();
    }
    assertThat(ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {framed[framed.length - 1]})))
        .isTrue();

    assertFrame(ch.readInbound(), payload);
    assertThat(ch.finish()).isFalse();
  }

  @Test
  void framesCutAtRandomPointsComeOutWhole() {
    Random random = new Random(42);
    List<byte[]> payloads = new ArrayList<>();
    ByteArrayOutputStream stream = new ByteArrayOutputStream();
    for (int i = 0; i < 200; i++) {
      byte[] payload = payload(random.nextInt(MAX + 1), i);
      payloads.add(payload);
      stream.writeBytes(frame(payload));
    }
    byte[] bytes = stream.toByteArray();

    for (int at = 0; at < bytes.length; ) {
      int length = Math.min(bytes.length - at, 1 + random.nextInt(700));
      ch.writeInbound(Unpooled.wrappedBuffer(bytes, at, length));
      at += length;
    }

    for (byte[] payload : payloads) {
      assertFrame(ch.readInbound(), payload);
    }
    assertThat(ch.finish()).isFalse();
  }

  @Test
  void lengthSplitAcrossTwoBuffersIsReassembled() {
    byte[] payload = payload(200, 7);
    byte[] framed = frame(payload);

    assertThat(ch.writeInbound(Unpooled.wrappedBuffer(framed, 0, 1))).isFalse();
    assertThat(ch.writeInbound(Unpooled.wrappedBuffer(framed, 1, framed.length - 1))).isTrue();

    assertFrame(ch.readInbound(), payload);
    assertThat(ch.finish()).isFalse();
  }

  @Test
  void frameOfExactlyTheMaximumIsAccepted() {
    byte[] payload = payload(MAX, 8);

    assertThat(ch.writeInbound(Unpooled.wrappedBuffer(frame(payload)))).isTrue();

    assertFrame(ch.readInbound(), payload);
    assertThat(ch.finish()).isFalse();
  }

  @Test
  void frameLongerThanTheMaximumFailsAndEverythingAfterIsDiscarded() {
    ByteBuf tooLong = Unpooled.wrappedBuffer(frame(payload(MAX + 1, 9)));

    assertThatThrownBy(() -> ch.writeInbound(tooLong))
        .isInstanceOf(TooLongFrameException.class)
        .isInstanceOf(DecoderException.class)
        .hasMessage("frame of 1001 bytes exceeds the maximum of 1000");
    assertThat(tooLong.refCnt()).isZero();

    ByteBuf good = Unpooled.wrappedBuffer(frame(payload(5, 10)));
    assertThat(ch.writeInbound(good)).isFalse();
    assertThat((Object) ch.readInbound()).isNull();
    assertThat(good.refCnt()).isZero();
    assertThat(ch.finish()).isFalse();
  }

  @Test
  void frameLongerThanTheMaximumFailsBeforeItsBodyArrives() {
    ByteBuf header = Unpooled.wrappedBuffer(varint(MAX + 1));

    assertThatThrownBy(() -> ch.writeInbound(header)).isInstanceOf(TooLongFrameException.class);
    assertThat(ch.finish()).isFalse();
  }

  @Test
  void framesBeforeAnOversizedOneInTheSameBufferAreDelivered() {
    byte[] first = payload(4, 11);
    ByteArrayOutputStream stream = new ByteArrayOutputStream();
    stream.writeBytes(frame(first));
    stream.writeBytes(frame(payload(MAX + 1, 12)));
    stream.writeBytes(frame(payload(4, 13)));

    assertThatThrownBy(() -> ch.writeInbound(Unpooled.wrappedBuffer(stream.toByteArray())))
        .isInstanceOf(TooLongFrameException.class);

    assertFrame(ch.readInbound(), first);
    assertThat((Object) ch.readInbound()).isNull();
    assertThat(ch.finish()).isFalse();
  }

  @Test
  void lengthWithSixBytesIsCorrupt() {
    ByteBuf in = Unpooled.wrappedBuffer(new byte[] {-1, -1, -1, -1, -1, -1, 1, 2, 3});

    assertThatThrownBy(() -> ch.writeInbound(in))
        .isInstanceOf(CorruptedFrameException.class)
        .hasMessage("frame length is not a valid varint32");
    assertThat(in.refCnt()).isZero();

    assertThat(ch.writeInbound(Unpooled.wrappedBuffer(frame(payload(5, 14))))).isFalse();
    assertThat(ch.finish()).isFalse();
  }

  @Test
  void fiveContinuationBytesAreCorruptWithoutWaitingForASixth() {
    assertThatThrownBy(
            () -> ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {-1, -1, -1, -1, -1})))
        .isInstanceOf(CorruptedFrameException.class);
    assertThat(ch.finish()).isFalse();
  }

  @Test
  void lengthAboveTwoGigabytesIsRefusedAndEverythingAfterIsDiscarded() {
    // 0xFFFFFFFF as a five-byte varint: a negative int once decoded.
    ByteBuf in = Unpooled.wrappedBuffer(new byte[] {-1, -1, -1, -1, 0x0F, 1, 2, 3});

    assertThatThrownBy(() -> ch.writeInbound(in))
        .isInstanceOf(TooLongFrameException.class)
        .hasMessage("frame of 4294967295 bytes exceeds the maximum of 1000");
    assertThat(in.refCnt()).isZero();

    assertThat(ch.writeInbound(Unpooled.wrappedBuffer(frame(payload(5, 15))))).isFalse();
    assertThat((Object) ch.readInbound()).isNull();
    assertThat(ch.finish()).isFalse();
  }

  @Test
  void incompleteFrameAtTheEndIsNotDelivered() {
    byte[] framed = frame(payload(50, 16));

    assertThat(ch.writeInbound(Unpooled.wrappedBuffer(framed, 0, 20))).isFalse();

    assertThat(ch.finish()).isFalse();
  }

  @Test
  void maximumMustBePositive() {
    assertThatThrownBy(() -> new VarintFrameDecoder(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new VarintFrameDecoder(-1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static void assertFrame(Object frame, byte[] payload) {
    assertThat(frame).isInstanceOf(ByteBuf.class);
    ByteBuf buf = (ByteBuf) frame;
    try {
      byte[] bytes = new byte[buf.readableBytes()];
      buf.readBytes(bytes);
      assertThat(bytes).isEqualTo(payload);
    } finally {
      buf.release();
    }
  }

  static byte[] payload(int length, int seed) {
    byte[] bytes = new byte[length];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  static byte[] frame(byte[] payload) {
    ByteArrayOutputStream stream = new ByteArrayOutputStream();
    stream.writeBytes(varint(payload.length));
    stream.writeBytes(payload);
    return stream.toByteArray();
  }

  static byte[] varint(int value) {
    ByteArrayOutputStream stream = new ByteArrayOutputStream();
    int v = value;
    while ((v & ~0x7F) != 0) {
      stream.write((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    stream.write(v);
    return stream.toByteArray();
  }
}
