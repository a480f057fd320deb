package org.attune.server.transport.ws;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.ReferenceCountUtil;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Refuses, with 403, a WebSocket upgrade asked for by a page of another site: a browser sends the
 * page's {@code Origin} with every upgrade, and only pages this server served (same scheme-less
 * host and port as the request's {@code Host}) may join from a browser. Without this any web page a
 * participant visits could open a socket to the server in their name (cross-site WebSocket
 * hijacking). A request with no {@code Origin} is not from a browser page (the Java client, a test)
 * and passes; it proves nothing either way, and the join code is what admits a member.
 *
 * <p>Thread-safe: no state but the counter; one instance per connection, on its loop.
 */
final class OriginCheck extends ChannelInboundHandlerAdapter {

  private final String path;
  private final WsStats stats;

  OriginCheck(String path, WsStats stats) {
    this.path = path;
    this.stats = stats;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof FullHttpRequest request
        && new QueryStringDecoder(request.uri()).path().equals(path)
        && !allowed(
            request.headers().get(HttpHeaderNames.ORIGIN),
            request.headers().get(HttpHeaderNames.HOST))) {
      ReferenceCountUtil.release(msg);
      stats.refusedOrigins.increment();
      FullHttpResponse response =
          new DefaultFullHttpResponse(
              HttpVersion.HTTP_1_1,
              HttpResponseStatus.FORBIDDEN,
              ByteBufUtil.writeUtf8(
                  ctx.alloc(), "Only pages served by this server may connect here.\n"));
      response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
      HttpUtil.setContentLength(response, response.content().readableBytes());
      ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
      return;
    }
    ctx.fireChannelRead(msg);
  }

  /** True if there is no origin, or it names the host and port the request was sent to. */
  static boolean allowed(String origin, String host) {
    if (origin == null) {
      return true;
    }
    if (host == null) {
      return false;
    }
    try {
      URI uri = new URI(origin);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https")) {
        return false;
      }
      int port = uri.getPort() >= 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
      return hostAndPort(uri.getHost(), port).equals(hostAndPort(host, scheme));
    } catch (URISyntaxException e) {
      return false;
    }
  }

  private static String hostAndPort(String host, int port) {
    return (host == null ? "" : host.toLowerCase(Locale.ROOT)) + ":" + port;
  }

  /** {@code Host} as {@code host:port}, its port defaulting to the origin scheme's. */
  private static String hostAndPort(String hostHeader, String scheme) {
    String h = hostHeader.trim().toLowerCase(Locale.ROOT);
    int colon = h.lastIndexOf(':');
    if (colon > h.lastIndexOf(']')) {
      return h;
    }
    return h + ":" + (scheme.equals("https") ? 443 : 80);
  }
}
