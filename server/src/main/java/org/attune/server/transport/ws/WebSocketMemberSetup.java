package org.attune.server.transport.ws;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketFrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler.HandshakeComplete;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.attune.clock.ServerClock;
import org.attune.server.transport.ChannelMove;
import org.attune.server.transport.ConnectionLimits;
import org.attune.server.transport.InboundMessageBudget;

/**
 * Turns an HTTP connection into a member connection once its WebSocket handshake is done: the HTTP
 * handlers after this one go, and in come the frame aggregator (bounded by the maximum message
 * size), the connection's message budget, the message codec of the chosen subprotocol, and the
 * member handler; the HTTP idle detector is replaced by the WebSocket's, which pings; a frame-error
 * handler goes right after the frame decoder.
 *
 * <p>Thread-safe: one instance per connection, on its loop; it removes itself when it has done.
 */
final class WebSocketMemberSetup extends ChannelInboundHandlerAdapter {

  private final int maxMessageBytes;
  private final WsStats stats;
  private final ServerClock clock;
  private final Function<WireFormat, ChannelHandler> members;

  /**
   * @param clock the server clock its message budget refills on
   * @param members the member handler of a connection in that format
   */
  WebSocketMemberSetup(
      int maxMessageBytes,
      WsStats stats,
      ServerClock clock,
      Function<WireFormat, ChannelHandler> members) {
    this.maxMessageBytes = maxMessageBytes;
    this.stats = stats;
    this.clock = clock;
    this.members = members;
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
    if (!(event instanceof HandshakeComplete handshake)) {
      ctx.fireUserEventTriggered(event);
      return;
    }
    WireFormat format = WireFormat.ofSubprotocol(handshake.selectedSubprotocol());
    // A member from now on: its socket gets a member's send buffer, as over TCP.
    if (ctx.channel() instanceof SocketChannel socket) {
      socket.config().setSendBufferSize(ConnectionLimits.MEMBER_SEND_BUFFER_BYTES);
    }
    ChannelPipeline p = ctx.pipeline();
    List<String> after = new ArrayList<>();
    boolean past = false;
    for (Map.Entry<String, ChannelHandler> entry : p) {
      if (past) {
        after.add(entry.getKey());
      }
      past |= entry.getValue() == this;
    }
    after.forEach(p::remove);
    if (p.get(ChannelMove.IDLE) != null) {
      p.replace(ChannelMove.IDLE, ChannelMove.IDLE, new WebSocketIdleHandler());
    } else {
      p.addFirst(ChannelMove.IDLE, new WebSocketIdleHandler());
    }
    ChannelHandlerContext decoder = p.context(WebSocketFrameDecoder.class);
    if (decoder != null) {
      p.addAfter(decoder.name(), "wsFrameErrors", new WebSocketFrameErrors(stats));
    }
    p.addLast("wsAggregator", new WebSocketFrameAggregator(maxMessageBytes));
    p.addLast(
        InboundMessageBudget.NAME,
        new InboundMessageBudget(clock, stats.overBudgetMessages, stats.budgetPauses));
    p.addLast("wsMessageDecoder", new WebSocketMessageDecoder());
    p.addLast("wsMessageEncoder", new WebSocketMessageEncoder(format));
    p.addLast("member", members.apply(format));
    p.remove(this);
  }
}
