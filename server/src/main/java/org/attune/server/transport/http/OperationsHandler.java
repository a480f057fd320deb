package org.attune.server.transport.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.timeout.IdleStateEvent;
import java.io.IOException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers {@code GET /metrics} with the registry's scrape in Prometheus text format, and {@code GET
 * /healthz} with 200 or 503 and a small JSON body; any other path is 404, any other method 405.
 *
 * <p>The scrape runs on this channel's event loop, which serves only the operations port: it reads
 * counters and gauges that the groups' loops keep up to date, and never waits for those loops.
 *
 * <p>Thread-safe: one instance per connection, run on its channel's loop.
 */
final class OperationsHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

  private static final Logger log = LoggerFactory.getLogger(OperationsHandler.class);

  /** Prometheus text exposition format 0.0.4. */
  static final String METRICS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final PrometheusMeterRegistry registry;
  private final HealthCheck health;

  OperationsHandler(PrometheusMeterRegistry registry, HealthCheck health) {
    this.registry = registry;
    this.health = health;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
    if (request.decoderResult().isFailure()) {
      HttpResponses.respond(
          ctx, false, HttpResponses.text(ctx, HttpResponseStatus.BAD_REQUEST, "Bad request.\n"));
      return;
    }
    boolean keepAlive = HttpUtil.isKeepAlive(request);
    String path = new QueryStringDecoder(request.uri()).path();
    if (!path.equals("/metrics") && !path.equals("/healthz")) {
      HttpResponses.respond(
          ctx,
          keepAlive,
          HttpResponses.text(
              ctx, HttpResponseStatus.NOT_FOUND, "Not found; try /metrics or /healthz.\n"));
    } else if (!request.method().equals(HttpMethod.GET)) {
      FullHttpResponse response =
          HttpResponses.text(
              ctx, HttpResponseStatus.METHOD_NOT_ALLOWED, "Only GET is allowed here.\n");
      response.headers().set(HttpHeaderNames.ALLOW, HttpMethod.GET.name());
      HttpResponses.respond(ctx, keepAlive, response);
    } else if (path.equals("/metrics")) {
      HttpResponses.respond(ctx, keepAlive, metrics(ctx));
    } else {
      health
          .check()
          .whenComplete(
              (outcome, failure) ->
                  ctx.executor()
                      .execute(
                          () -> {
                            Health h =
                                failure == null
                                    ? outcome
                                    : new Health(List.of("The health check failed: " + failure));
                            HttpResponses.respond(
                                ctx,
                                keepAlive,
                                HttpResponses.response(
                                    ctx,
                                    h.isUp()
                                        ? HttpResponseStatus.OK
                                        : HttpResponseStatus.SERVICE_UNAVAILABLE,
                                    HttpResponses.JSON_CONTENT_TYPE,
                                    h.toJson()));
                          }));
    }
  }

  private FullHttpResponse metrics(ChannelHandlerContext ctx) {
    ByteBuf body = ctx.alloc().buffer();
    try (ByteBufOutputStream out = new ByteBufOutputStream(body)) {
      registry.scrape(out);
    } catch (IOException | RuntimeException e) {
      body.release();
      log.warn("scrape failed", e);
      return HttpResponses.text(
          ctx, HttpResponseStatus.INTERNAL_SERVER_ERROR, "The scrape failed.\n");
    }
    FullHttpResponse response =
        new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, body);
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, METRICS_CONTENT_TYPE);
    return response;
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
    if (event instanceof IdleStateEvent) {
      ctx.close();
      return;
    }
    ctx.fireUserEventTriggered(event);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.debug(
        "operations connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
    ctx.close();
  }
}
