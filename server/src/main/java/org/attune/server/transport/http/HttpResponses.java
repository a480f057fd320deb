package org.attune.server.transport.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;

/**
 * Builds and sends the HTTP port's responses: a body with its type, a length, no caching, and the
 * connection kept or closed as the request asked.
 *
 * <p>Thread-safe: stateless; call on the connection's loop.
 */
final class HttpResponses {

  static final String JSON_CONTENT_TYPE = "application/json; charset=utf-8";
  static final String TEXT_CONTENT_TYPE = "text/plain; charset=utf-8";

  private HttpResponses() {}

  static FullHttpResponse text(ChannelHandlerContext ctx, HttpResponseStatus status, String body) {
    return response(ctx, status, TEXT_CONTENT_TYPE, body);
  }

  static FullHttpResponse response(
      ChannelHandlerContext ctx, HttpResponseStatus status, String contentType, String body) {
    return response(status, contentType, ByteBufUtil.writeUtf8(ctx.alloc(), body));
  }

  static FullHttpResponse response(HttpResponseStatus status, String contentType, ByteBuf body) {
    FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
    return response;
  }

  static void respond(ChannelHandlerContext ctx, boolean keepAlive, FullHttpResponse response) {
    HttpUtil.setContentLength(response, response.content().readableBytes());
    if (!response.headers().contains(HttpHeaderNames.CACHE_CONTROL)) {
      response.headers().set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE);
    }
    if (keepAlive) {
      response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
      ctx.writeAndFlush(response, ctx.voidPromise());
    } else {
      response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
      ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
  }
}
