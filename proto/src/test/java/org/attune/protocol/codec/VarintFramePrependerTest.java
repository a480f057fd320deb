package org.attune.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.CodedOutputStream;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.attune.protocol.v1.ErrorCode;
import org.attune.protocol.v1.ServerMessage;
import org.junit.jupiter.api.Test;

class VarintFramePrependerTest {

  private static final ServerMessage ERROR =
      ServerMessage.newBuilder()
          .setError(
              org.attune.protocol.v1.Error.newBuilder()
                  .setCode(ErrorCode.FORBIDDEN)
                  .setMessage("Only the facilitator can change the tempo.")
                  .setRequestId(3))
          .build();

  private final EmbeddedChannel ch = new EmbeddedChannel(new VarintFramePrepender());

  @Test
  void messageIsWrittenInProtobufsDelimitedForm() throws IOException {
    assertThat(ch.writeOutbound(ERROR)).isTrue();

    ByteBuf out = ch.readOutbound();
    try {
      assertThat(ByteBufUtil.getBytes(out)).isEqualTo(delimited(ERROR));
    } finally {
      out.release();
    }
    assertThat(ch.finish()).isFalse();
  }

  @Test
  void bufferIsSizedExactlyForTheFrame() {
    ServerMessage large = largeMessage();

    ch.writeOutbound(large);

    ByteBuf out = ch.readOutbound();
    try {
      int size = large.getSerializedSize();
      assertThat(size).isGreaterThan(16_384);
      assertThat(out.readableBytes())
          .isEqualTo(CodedOutputStream.computeUInt32SizeNoTag(size) + size);
    } finally {
      out.release();
    }
    assertThat(ch.finish()).isFalse();
  }

  @Test
  void emptyMessageIsAZeroLengthFrame() {
    ch.writeOutbound(ServerMessage.getDefaultInstance());

    ByteBuf out = ch.readOutbound();
    try {
      assertThat(ByteBufUtil.getBytes(out)).containsExactly(0);
    } finally {
      out.release();
    }
    assertThat(ch.finish()).isFalse();
  }

  @Test
  void frameEqualsThePipelinesEncoding() {
    for (ServerMessage message :
        new ServerMessage[] {ERROR, largeMessage(), ServerMessage.getDefaultInstance()}) {
      ch.writeOutbound(message);
      ByteBuf encoded = ch.readOutbound();
      ByteBuf unpooled = VarintFramePrepender.frame(UnpooledByteBufAllocator.DEFAULT, message);
      ByteBuf pooled = VarintFramePrepender.frame(PooledByteBufAllocator.DEFAULT, message);
      try {
        assertThat(ByteBufUtil.equals(unpooled, encoded)).isTrue();
        assertThat(ByteBufUtil.equals(pooled, encoded)).isTrue();
      } finally {
        encoded.release();
        unpooled.release();
        pooled.release();
      }
    }
    assertThat(ch.finish()).isFalse();
  }

  @Test
  void framedBufferPassesThroughUnchanged() {
    ByteBuf framed = VarintFramePrepender.frame(ch.alloc(), ERROR);
    byte[] before = ByteBufUtil.getBytes(framed);

    assertThat(ch.writeOutbound(framed)).isTrue();

    ByteBuf out = ch.readOutbound();
    try {
      assertThat(out).isSameAs(framed);
      assertThat(ByteBufUtil.getBytes(out)).isEqualTo(before);
    } finally {
      out.release();
    }
    assertThat(ch.finish()).isFalse();
  }

  @Test
  void oneFrameFansOutToManyChannelsAsRetainedDuplicates() {
    VarintFramePrepender shared = new VarintFramePrepender();
    EmbeddedChannel[] members = new EmbeddedChannel[3];
    for (int i = 0; i < members.length; i++) {
      members[i] = new EmbeddedChannel(shared);
    }
    ByteBuf framed = VarintFramePrepender.frame(ch.alloc(), ERROR);
    try {
      for (EmbeddedChannel member : members) {
        member.writeOutbound(framed.retainedDuplicate());
      }
      for (EmbeddedChannel member : members) {
        ByteBuf out = member.readOutbound();
        try {
          assertThat(ByteBufUtil.equals(out, framed)).isTrue();
        } finally {
          out.release();
        }
        assertThat(member.finish()).isFalse();
      }
    } finally {
      framed.release();
    }
    assertThat(framed.refCnt()).isZero();
  }

  @Test
  void otherObjectsPassThroughUnchanged() {
    String notAMessage = "hello";

    ch.writeOutbound(notAMessage);

    assertThat((Object) ch.readOutbound()).isSameAs(notAMessage);
    assertThat(ch.finish()).isFalse();
  }

  @Test
  void emptyBufferPassesThrough() {
    ByteBuf empty = Unpooled.buffer(0);

    ch.writeOutbound(empty);

    ByteBuf out = ch.readOutbound();
    assertThat(out).isSameAs(empty);
    out.release();
    assertThat(ch.finish()).isFalse();
  }

  private static byte[] delimited(ServerMessage message) throws IOException {
    ByteArrayOutputStream stream = new ByteArrayOutputStream();
    message.writeDelimitedTo(stream);
    return stream.toByteArray();
  }

  private static ServerMessage largeMessage() {
    return ServerMessage.newBuilder()
        .setError(org.attune.protocol.v1.Error.newBuilder().setMessage("x".repeat(20_000)))
        .build();
  }
}
