package org.attune.server.transport.ws;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;

/**
 * The WebSocket member's idle detector: after {@link #PING_SECONDS} with nothing read or written it
 * sends a ping (a browser answers with a pong by itself, which keeps proxies and NATs from dropping
 * a quiet connection); a connection that has sent nothing, not even that pong, for {@link
 * #READER_IDLE_SECONDS} is passed on as reader-idle, and the member handler closes it.
 *
 * <p>Thread-safe: an {@link IdleStateHandler}, bound to the loop it was added on; {@code
 * ChannelMove} puts a new one in when the connection moves.
 */
final class WebSocketIdleHandler extends IdleStateHandler {

  static final int PING_SECONDS = 20;
  static final int READER_IDLE_SECONDS = 60;

  WebSocketIdleHandler() {
    this(READER_IDLE_SECONDS, PING_SECONDS, TimeUnit.SECONDS);
  }

  WebSocketIdleHandler(long readerIdle, long pingAfter, TimeUnit unit) {
    super(readerIdle, 0, pingAfter, unit);
  }

  @Override
  protected void channelIdle(ChannelHandlerContext ctx, IdleStateEvent event) throws Exception {
    if (event.state() == IdleState.ALL_IDLE) {
      // From the tail: this handler sits in front of the frame encoder (and behind TLS), so a
      // write from its own context would reach the socket as an object it cannot send.
      ctx.channel().writeAndFlush(new PingWebSocketFrame(), ctx.channel().voidPromise());
      return;
    }
    super.channelIdle(ctx, event);
  }
}
