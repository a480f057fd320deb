package org.attune.server.transport.ws;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import org.attune.protocol.v1.ErrorCode;
import org.attune.server.transport.ErrorReplies;

/**
 * Answers a frame the WebSocket decoder could not accept (longer than the maximum, or breaking the
 * protocol) with an {@code Error}, as TCP does, then closes the connection with the matching close
 * status: after such a frame the stream cannot be followed. Sits right after the frame decoder, so
 * that the error is sent before anything else reacts to it.
 *
 * <p>Thread-safe: no state but the counters; one instance per connection, on its loop.
 */
final class WebSocketFrameErrors extends ChannelInboundHandlerAdapter {

  private final WsStats stats;

  WebSocketFrameErrors(WsStats stats) {
    this.stats = stats;
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (!(cause instanceof CorruptedWebSocketFrameException corrupted)) {
      ctx.fireExceptionCaught(cause);
      return;
    }
    WebSocketCloseStatus status = corrupted.closeStatus();
    boolean tooBig = status != null && status.code() == WebSocketCloseStatus.MESSAGE_TOO_BIG.code();
    (tooBig ? stats.oversizedFrames : stats.malformedFrames).increment();
    String reason = cause.getMessage() + "; closing the connection.";
    ctx.channel()
        .write(
            ErrorReplies.error(tooBig ? ErrorCode.FRAME_TOO_LARGE : ErrorCode.MALFORMED, reason, 0),
            ctx.voidPromise());
    ctx.channel()
        .writeAndFlush(
            new CloseWebSocketFrame(
                status == null ? WebSocketCloseStatus.PROTOCOL_ERROR : status, ctx.alloc()))
        .addListener(ChannelFutureListener.CLOSE);
  }
}
