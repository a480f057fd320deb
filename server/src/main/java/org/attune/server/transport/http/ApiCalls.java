package org.attune.server.transport.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.attune.server.group.FailedJoinLimiter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the {@code /api/} handlers share: the secret a request carries ({@code Authorization: Bearer
 * ...}, never in the URL, so that it stays out of logs and histories), the limiter of wrong secrets
 * per address (the one joins use, so guessing through the API is as slow as through a join), JSON
 * bodies, and running a request's disk work off the event loop with its answer written back on the
 * loop.
 *
 * <p>Thread-safe: yes; {@link #offload} calls its work on the executor's thread and answers on the
 * connection's loop.
 */
final class ApiCalls {

  private static final Logger log = LoggerFactory.getLogger(ApiCalls.class);

  static final ObjectMapper JSON = new ObjectMapper();

  private static final String BEARER = "Bearer ";

  /** The longest secret a request may carry; anything longer is refused unread. */
  private static final int MAX_SECRET_CHARS = 256;

  private final FailedJoinLimiter limiter;
  private final Executor disk;

  ApiCalls(FailedJoinLimiter limiter, Executor disk) {
    this.limiter = limiter;
    this.disk = disk;
  }

  /** The request's bearer secret, if it carries one of a sane length. */
  static Optional<String> bearer(FullHttpRequest request) {
    String header = request.headers().get(HttpHeaderNames.AUTHORIZATION, "");
    if (!header.startsWith(BEARER) || header.length() - BEARER.length() > MAX_SECRET_CHARS) {
      return Optional.empty();
    }
    String secret = header.substring(BEARER.length()).trim();
    return secret.isEmpty() ? Optional.empty() : Optional.of(secret);
  }

  /** The request's remote address, for the limiter. */
  static InetAddress address(ChannelHandlerContext ctx) {
    return ((InetSocketAddress) ctx.channel().remoteAddress()).getAddress();
  }

  /** True if the address has tried too many wrong secrets lately. */
  boolean isBlocked(ChannelHandlerContext ctx) {
    return limiter.isBlocked(address(ctx));
  }

  void recordFailure(ChannelHandlerContext ctx) {
    limiter.recordFailure(address(ctx));
  }

  /** The refusal of a request without the right secret. */
  static FullHttpResponse unauthorized(ChannelHandlerContext ctx, String why) {
    FullHttpResponse response = error(ctx, HttpResponseStatus.UNAUTHORIZED, why);
    response.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"attune\"");
    return response;
  }

  static FullHttpResponse tooManyTries(ChannelHandlerContext ctx) {
    FullHttpResponse response =
        error(
            ctx,
            HttpResponseStatus.TOO_MANY_REQUESTS,
            "Too many wrong keys from your address; try again in a minute.");
    response.headers().set(HttpHeaderNames.RETRY_AFTER, "60");
    return response;
  }

  /** A JSON error body {@code {"error": "..."}} with {@code status}. */
  static FullHttpResponse error(
      ChannelHandlerContext ctx, HttpResponseStatus status, String message) {
    return json(ctx, status, JSON.createObjectNode().put("error", message));
  }

  static FullHttpResponse json(ChannelHandlerContext ctx, HttpResponseStatus status, Object body) {
    try {
      return HttpResponses.response(
          ctx, status, HttpResponses.JSON_CONTENT_TYPE, JSON.writeValueAsString(body) + "\n");
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("a plain JSON tree always writes", e);
    }
  }

  /** A piece of a request's work that runs on the disk thread and yields its response. */
  @FunctionalInterface
  interface Work {
    void run(Answer answer) throws Exception;
  }

  /** How work answers: with a response, or with a writer that streams one (a file). */
  interface Answer {
    void respond(FullHttpResponse response);

    void stream(java.util.function.Consumer<ChannelHandlerContext> writer);
  }

  /**
   * Runs {@code work} on the disk thread, with the connection's reading paused until it has
   * answered (so that a second request on the connection waits for the first's answer); its answer
   * is written on the connection's loop. A failure of the work is logged and answered 500.
   */
  void offload(ChannelHandlerContext ctx, FullHttpRequest request, String what, Work work) {
    boolean keepAlive = HttpUtil.isKeepAlive(request);
    ctx.channel().config().setAutoRead(false);
    Answer answer =
        new Answer() {
          @Override
          public void respond(FullHttpResponse response) {
            ctx.executor()
                .execute(
                    () -> {
                      ctx.channel().config().setAutoRead(true);
                      HttpResponses.respond(ctx, keepAlive, response);
                    });
          }

          @Override
          public void stream(java.util.function.Consumer<ChannelHandlerContext> writer) {
            ctx.executor()
                .execute(
                    () -> {
                      ctx.channel().config().setAutoRead(true);
                      writer.accept(ctx);
                    });
          }
        };
    try {
      disk.execute(
          () -> {
            try {
              work.run(answer);
            } catch (Exception e) {
              log.warn("{} failed: {}", what, e.toString());
              answer.respond(
                  error(
                      ctx,
                      HttpResponseStatus.INTERNAL_SERVER_ERROR,
                      what + " failed on the server: " + e.getMessage()));
            }
          });
    } catch (RejectedExecutionException e) {
      ctx.channel().config().setAutoRead(true);
      HttpResponses.respond(
          ctx,
          false,
          error(ctx, HttpResponseStatus.SERVICE_UNAVAILABLE, "The server is shutting down."));
    }
  }
}
