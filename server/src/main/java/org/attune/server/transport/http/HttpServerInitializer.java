package org.attune.server.transport.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.stream.ChunkedWriteHandler;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;
import org.attune.server.transport.ChannelMove;
import org.attune.server.transport.ws.WebSocketEndpoint;

/**
 * The HTTP pipeline, top to bottom: idle detection, HTTP codec (with bounded request line and
 * headers), aggregation into one request (with a bounded body), the member WebSocket at {@code /ws}
 * (which, once upgraded, makes the connection a member connection: see {@code
 * org.attune.server.transport.ws}), the browser pages, the API ({@link WebApi}: group creation,
 * downloads), and the handler that answers {@code GET /metrics} and {@code GET /healthz}.
 */
public final class HttpServerInitializer extends ChannelInitializer<SocketChannel> {

  /** A connection with no request or response for this long is closed. */
  static final int IDLE_SECONDS = 60;

  static final int MAX_INITIAL_LINE_BYTES = 4096;
  static final int MAX_HEADER_BYTES = 8192;

  /** Request bodies are small (a group's name); more is answered with 413. */
  static final int MAX_BODY_BYTES = 4096;

  private final PrometheusMeterRegistry registry;
  private final HealthCheck health;
  private final WebSocketEndpoint webSocket;
  private final WebAssets pages;
  private final WebApi api;

  public HttpServerInitializer(
      PrometheusMeterRegistry registry,
      HealthCheck health,
      WebSocketEndpoint webSocket,
      WebAssets pages,
      WebApi api) {
    this.registry = registry;
    this.health = health;
    this.webSocket = webSocket;
    this.pages = pages;
    this.api = api;
  }

  @Override
  protected void initChannel(SocketChannel ch) {
    ChannelPipeline p = ch.pipeline();
    p.addLast(ChannelMove.IDLE, new IdleStateHandler(0, 0, IDLE_SECONDS, TimeUnit.SECONDS));
    p.addLast(
        "codec",
        new HttpServerCodec(
            new HttpDecoderConfig()
                .setMaxInitialLineLength(MAX_INITIAL_LINE_BYTES)
                .setMaxHeaderSize(MAX_HEADER_BYTES)));
    p.addLast("aggregator", new HttpObjectAggregator(MAX_BODY_BYTES));
    // Streams downloads (recordings) from the disk as the connection takes them.
    p.addLast("chunked", new ChunkedWriteHandler());
    webSocket.addTo(p);
    p.addLast("pages", new WebPagesHandler(pages));
    api.addTo(p);
    p.addLast("operations", new OperationsHandler(registry, health));
  }
}
