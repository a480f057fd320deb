package org.attune.server.transport.osc;

import com.illposed.osc.OSCMessage;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.timeout.IdleStateEvent;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import org.attune.protocol.v1.ErrorCode;
import org.attune.server.transport.RateLimitedLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OSC over one TCP connection: the connection is the endpoint, and replies go back on it. A frame
 * that is not OSC is answered with an error and the connection stays; an oversized length prefix or
 * packets sent with no framing, after which the stream cannot be followed, are answered and close
 * it. When the connection ends, its member leaves the group.
 *
 * <p>Thread-safe: no; one per connection, on its loop.
 */
final class OscStreamHandler extends SimpleChannelInboundHandler<OscStreamFrame> {

  private static final Logger log = LoggerFactory.getLogger(OscStreamHandler.class);

  /** The answer to a stream of OSC packets with no framing; README.md says the same. */
  static final String UNFRAMED =
      "Over TCP, each OSC packet needs a frame: a 32-bit length first (OSC 1.0) or SLIP"
          + " (OSC 1.1). This connection sent packets without one, as Pure Data's [netsend -b]"
          + " does. From Pure Data, use UDP: [netsend -u -b]. Closing the connection.";

  private final OscGateway gateway;

  /** Anyone can make a connection fail: its warnings are rate-limited, for all connections. */
  private static final RateLimitedLog failures = RateLimitedLog.of(log);

  private final OscCodec codec = new OscCodec();
  private OscEndpoint endpoint;

  OscStreamHandler(OscGateway gateway) {
    this.gateway = gateway;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    gateway.stats().connections.increment();
    OscStreamOutput output = new OscStreamOutput(ctx.channel());
    endpoint =
        new OscEndpoint(
            ((InetSocketAddress) ctx.channel().remoteAddress()).getAddress(),
            output,
            port -> output,
            () -> true,
            new OscEndpoint.Lifecycle() {
              @Override
              public void joined(OscEndpoint e) {}

              @Override
              public void joinFailed(OscEndpoint e) {}

              @Override
              public void ended(OscEndpoint e) {}
            },
            true,
            null);
    ctx.fireChannelActive();
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, OscStreamFrame frame) {
    long receivedMicros = gateway.clock().nowMicros();
    OscStats stats = gateway.stats();
    stats.packets.increment();
    if (frame instanceof OscStreamFrame.Unframed) {
      stats.malformed.increment();
      ctx.writeAndFlush(codec.encode(OscReplies.error(ErrorCode.MALFORMED, UNFRAMED, "")))
          .addListener(ChannelFutureListener.CLOSE);
      return;
    }
    if (frame instanceof OscStreamFrame.Oversized oversized) {
      stats.oversized.increment();
      String sentence = "OSC packets may be at most " + OscCodec.MAX_PACKET_BYTES + " bytes";
      if (oversized.fatal()) {
        ctx.writeAndFlush(
                codec.encode(
                    OscReplies.error(
                        ErrorCode.FRAME_TOO_LARGE, sentence + "; closing the connection.", "")))
            .addListener(ChannelFutureListener.CLOSE);
      } else {
        endpoint.reply(OscReplies.error(ErrorCode.FRAME_TOO_LARGE, sentence + ".", ""));
      }
      return;
    }
    List<OSCMessage> messages;
    try {
      messages =
          OscCodec.messages(codec.decode(ByteBuffer.wrap(((OscStreamFrame.Packet) frame).bytes())));
    } catch (OscFormatException e) {
      stats.malformed.increment();
      endpoint.reply(
          OscReplies.error(
              ErrorCode.MALFORMED, "Could not read that packet: " + e.getMessage(), ""));
      return;
    }
    for (OSCMessage message : messages) {
      gateway.handle(endpoint, message, receivedMicros);
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (endpoint != null) {
      gateway.drop(endpoint);
    }
    ctx.fireChannelInactive();
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    OscEndpoint.Session s = endpoint == null ? null : endpoint.session();
    if (s != null && ctx.channel().isWritable()) {
      s.group().executor().execute(() -> s.group().linkWritable(s.memberId()));
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
    if (event instanceof IdleStateEvent) {
      log.debug("closing idle OSC connection {}", ctx.channel().remoteAddress());
      gateway.stats().idleExpired.increment();
      ctx.close();
      return;
    }
    ctx.fireUserEventTriggered(event);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof IOException) {
      log.debug("OSC connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
    } else {
      failures.warn(
          "osc-connection",
          "unexpected error on OSC connection " + ctx.channel().remoteAddress(),
          cause);
    }
    ctx.close();
  }
}
