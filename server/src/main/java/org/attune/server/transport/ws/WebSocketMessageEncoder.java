package org.attune.server.transport.ws;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.EncoderException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import org.attune.protocol.v1.ServerMessage;

/**
 * Writes each {@code ServerMessage} as one data frame in the connection's {@link WireFormat}, and
 * each varint-framed broadcast (the encoding a group shares among its members) as one binary frame
 * of the same bytes without the length prefix: no copy, no second encoding.
 *
 * <p>An empty buffer (what a link writes before it closes) and WebSocket frames of the protocol
 * handler (pings, closes) pass through unchanged.
 *
 * <p>Thread-safe: no state but the format; one instance per connection, on its loop.
 */
final class WebSocketMessageEncoder extends ChannelOutboundHandlerAdapter {

  private static final JsonFormat.Printer JSON =
      JsonFormat.printer().omittingInsignificantWhitespace();

  private final WireFormat format;

  WebSocketMessageEncoder(WireFormat format) {
    this.format = format;
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (msg instanceof ServerMessage message) {
      ctx.write(
          format == WireFormat.JSON
              ? new TextWebSocketFrame(json(message))
              : new BinaryWebSocketFrame(Unpooled.wrappedBuffer(message.toByteArray())),
          promise);
    } else if (msg instanceof ByteBuf framed && framed.isReadable()) {
      skipLengthPrefix(framed);
      ctx.write(new BinaryWebSocketFrame(framed), promise);
    } else {
      ctx.write(msg, promise);
    }
  }

  static String json(ServerMessage message) {
    try {
      return JSON.print(message);
    } catch (InvalidProtocolBufferException e) {
      // Only Any fields with unknown types fail to print; this protocol has none.
      throw new EncoderException(e);
    }
  }

  /** Moves past the varint32 length that {@code VarintFramePrepender} put before the message. */
  static void skipLengthPrefix(ByteBuf framed) {
    for (int i = 0; i < 5; i++) {
      if ((framed.readByte() & 0x80) == 0) {
        return;
      }
    }
    throw new EncoderException("a broadcast's length prefix is longer than a varint32");
  }
}
