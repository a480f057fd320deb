package org.attune.server.transport.ws;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameEncoder;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.attune.clock.ServerClock;
import org.attune.server.ServerConfig;
import org.attune.server.group.FailedJoinLimiter;
import org.attune.server.group.GroupRegistry;
import org.attune.server.metrics.GroupMeters;

/**
 * A server-side HTTP connection on {@link EmbeddedChannel} with the WebSocket endpoint, and a
 * client's frame codec beside it: the test writes frames as a browser would (masked) and reads what
 * the server wrote back as frames. The connection's groups live on the channel's own loop, so a
 * join's move onto the group's loop is no move at all.
 *
 * <p>Thread-safe: no; one test thread.
 */
final class EmbeddedWebSocket implements AutoCloseable {

  final EmbeddedChannel server;
  final GroupRegistry groups;
  final WsStats stats = new WsStats();
  private final EmbeddedChannel clientEncoder =
      new EmbeddedChannel(new WebSocket08FrameEncoder(true));
  private final EmbeddedChannel clientDecoder =
      new EmbeddedChannel(new WebSocket08FrameDecoder(false, false, 16 * 1024 * 1024));

  EmbeddedWebSocket(int maxMessageBytes) {
    server =
        new EmbeddedChannel() {
          @Override
          protected SocketAddress remoteAddress0() {
            return new InetSocketAddress("127.0.0.1", 50_000);
          }
        };
    ServerClock clock = ServerClock.startingNow();
    groups =
        new GroupRegistry(
            server.eventLoop(),
            clock,
            ServerConfig.onFreePorts().groupSettings(),
            server.alloc(),
            GroupMeters.newStats(new SimpleMeterRegistry()));
    WebSocketEndpoint endpoint =
        new WebSocketEndpoint(
            groups,
            new FailedJoinLimiter(clock, 10, TimeUnit.MINUTES.toMicros(1)),
            clock,
            maxMessageBytes,
            stats);
    ChannelPipeline p = server.pipeline();
    p.addLast(new HttpServerCodec());
    p.addLast(new HttpObjectAggregator(4096));
    endpoint.addTo(p);
  }

  /** Sends an upgrade request; returns the server's HTTP response head. */
  String handshake(String subprotocol, String origin, String host) {
    String request =
        "GET /ws HTTP/1.1\r\n"
            + "Host: "
            + host
            + "\r\n"
            + "Upgrade: websocket\r\n"
            + "Connection: Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
            + "Sec-WebSocket-Version: 13\r\n"
            + (subprotocol == null ? "" : "Sec-WebSocket-Protocol: " + subprotocol + "\r\n")
            + (origin == null ? "" : "Origin: " + origin + "\r\n")
            + "\r\n";
    server.writeInbound(Unpooled.copiedBuffer(request, StandardCharsets.US_ASCII));
    StringBuilder response = new StringBuilder();
    ByteBuf out;
    while ((out = server.readOutbound()) != null) {
      response.append(out.toString(StandardCharsets.US_ASCII));
      out.release();
    }
    return response.toString();
  }

  /** Writes {@code frame} to the server as a client would, masked. */
  void send(WebSocketFrame frame) {
    assertThat(clientEncoder.writeOutbound(frame)).isTrue();
    ByteBuf bytes;
    while ((bytes = clientEncoder.readOutbound()) != null) {
      server.writeInbound(bytes);
    }
    server.runPendingTasks();
  }

  /** Sends raw bytes, e.g. a frame header the client encoder would not write. */
  void sendRaw(ByteBuf bytes) {
    server.writeInbound(bytes);
    server.runPendingTasks();
  }

  /** Every frame the server has written since the last call, decoded as a client would. */
  List<WebSocketFrame> received() {
    server.runPendingTasks();
    Object out;
    while ((out = server.readOutbound()) != null) {
      clientDecoder.writeInbound(out);
    }
    List<WebSocketFrame> frames = new ArrayList<>();
    WebSocketFrame frame;
    while ((frame = clientDecoder.readInbound()) != null) {
      frames.add(frame);
    }
    return frames;
  }

  @Override
  public void close() {
    server.finishAndReleaseAll();
    clientEncoder.finishAndReleaseAll();
    clientDecoder.finishAndReleaseAll();
  }
}
