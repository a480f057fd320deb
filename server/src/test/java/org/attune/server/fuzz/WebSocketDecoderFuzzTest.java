package org.attune.server.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import org.attune.protocol.v1.ClientMessage;
import org.attune.server.transport.ws.WebSocketMessageDecoder;
import org.attune.server.transport.ws.WireFormat;

/**
 * The WebSocket member's message decoder: a whole data frame, text (proto3 JSON, what browsers send
 * on {@value WireFormat#JSON_SUBPROTOCOL}) or binary (protobuf), into one {@code ClientMessage}.
 * The input's first byte chooses the frame type.
 */
class WebSocketDecoderFuzzTest {

  @FuzzTest
  void frames(byte[] input) {
    if (input.length == 0) {
      return;
    }
    ByteBuf content = PooledByteBufAllocator.DEFAULT.directBuffer(input.length - 1);
    content.writeBytes(input, 1, input.length - 1);
    WebSocketFrame frame =
        (input[0] & 1) == 0 ? new TextWebSocketFrame(content) : new BinaryWebSocketFrame(content);
    EmbeddedChannel channel = new EmbeddedChannel(new WebSocketMessageDecoder());
    try {
      channel.writeInbound(frame);
      ClientMessage message = channel.readInbound();
      assertThat(message).isNotNull();
      // JSON numbers and base64 are denser than their varints only by a small factor.
      assertThat(message.getSerializedSize()).isLessThanOrEqualTo(4 * input.length + 16);
    } catch (CorruptedFrameException e) {
      Object none = channel.readInbound();
      assertThat(none).isNull();
    }
    channel.finishAndReleaseAll();
    assertThat(frame.refCnt()).as("the frame was released").isZero();
  }
}
