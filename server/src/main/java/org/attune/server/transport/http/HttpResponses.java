package org.attune.server.transport.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpChunkedInput;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.stream.ChunkedInput;
import io.netty.handler.stream.ChunkedStream;

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

  /** The chunks a streamed body is cut into. */
  static final int CHUNK_BYTES = 64 * 1024;

  /**
   * Sends {@code head} and then {@code body} in chunks as the connection takes them, never all at
   * once: a large body (a recording, an instrument's samples) must not sit in the outbound buffer
   * whole, where the connection's cap on queued bytes would close it. Needs the pipeline's {@code
   * ChunkedWriteHandler}.
   */
  static void stream(
      ChannelHandlerContext ctx,
      boolean keepAlive,
      HttpResponse head,
      long length,
      ChunkedInput<ByteBuf> body) {
    HttpUtil.setContentLength(head, length);
    if (!head.headers().contains(HttpHeaderNames.CACHE_CONTROL)) {
      head.headers().set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE);
    }
    head.headers()
        .set(
            HttpHeaderNames.CONNECTION,
            keepAlive ? HttpHeaderValues.KEEP_ALIVE : HttpHeaderValues.CLOSE);
    ctx.write(head);
    ctx.writeAndFlush(new HttpChunkedInput(body))
        .addListener(
            keepAlive ? ChannelFutureListener.CLOSE_ON_FAILURE : ChannelFutureListener.CLOSE);
  }

  /** {@link #stream} of bytes in memory. */
  static void stream(ChannelHandlerContext ctx, boolean keepAlive, HttpResponse head, byte[] body) {
    stream(
        ctx,
        keepAlive,
        head,
        body.length,
        new ChunkedStream(new java.io.ByteArrayInputStream(body), CHUNK_BYTES));
  }

  /** The head of a streamed response: {@code status} and the body's type. */
  static HttpResponse head(HttpResponseStatus status, String contentType) {
    HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, status);
    head.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
    return head;
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
