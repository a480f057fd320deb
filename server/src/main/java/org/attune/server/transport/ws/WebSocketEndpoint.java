package org.attune.server.transport.ws;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import java.time.Duration;
import org.attune.clock.ServerClock;
import org.attune.server.group.Admission;
import org.attune.server.group.FailedJoinLimiter;
import org.attune.server.group.GroupRegistry;
import org.attune.server.transport.ChannelMemberLink;
import org.attune.server.transport.ConnectionLimits;
import org.attune.server.transport.MemberConnectionHandler;
import org.attune.server.transport.OutboundBackpressure;

/**
 * The member WebSocket at {@value #PATH} of the HTTP port: what it adds to an HTTP pipeline, in
 * order, before the handlers of the pages. The origin check refuses upgrades from other sites'
 * pages; Netty's protocol handler does the handshake (offering {@link WireFormat}'s subprotocols),
 * answers pings and closes, and bounds each frame at the maximum message size; {@link
 * WebSocketMemberSetup} then makes the connection a member connection.
 *
 * <p>Thread-safe: immutable; {@link #addTo} may be called from every connection's loop.
 */
public final class WebSocketEndpoint {

  public static final String PATH = "/ws";
  static final int HANDSHAKE_TIMEOUT_MILLIS = 10_000;

  private final Admission admission;
  private final ServerClock clock;
  private final int maxMessageBytes;
  private final WsStats stats;

  /**
   * @param maxMessageBytes the largest message, in one frame or several; larger ones close the
   *     connection, as on TCP
   */
  public WebSocketEndpoint(
      GroupRegistry groups,
      FailedJoinLimiter joinLimiter,
      ServerClock clock,
      int maxMessageBytes,
      WsStats stats) {
    this(groups, joinLimiter, clock, maxMessageBytes, stats, ConnectionLimits.defaults());
  }

  /**
   * @param limits how long a member WebSocket may stay without joining before it is closed, and
   *     what may be queued to a connection
   */
  public WebSocketEndpoint(
      GroupRegistry groups,
      FailedJoinLimiter joinLimiter,
      ServerClock clock,
      int maxMessageBytes,
      WsStats stats,
      ConnectionLimits limits) {
    this.joinTimeout = limits.joinTimeout();
    this.maxOutboundBytes = limits.maxOutboundBytes();
    this.admission = new Admission(groups, joinLimiter);
    this.clock = clock;
    this.maxMessageBytes = maxMessageBytes;
    this.stats = stats;
  }

  private final Duration joinTimeout;
  private final long maxOutboundBytes;

  public WsStats stats() {
    return stats;
  }

  /** Adds the endpoint's handlers at the end of {@code p}, an HTTP pipeline with aggregation. */
  public void addTo(ChannelPipeline p) {
    p.addLast(
        OutboundBackpressure.NAME,
        new OutboundBackpressure(maxOutboundBytes, stats.outboundOverflows));
    p.addLast("wsOrigin", new OriginCheck(PATH, stats));
    p.addLast(
        "ws",
        new WebSocketServerProtocolHandler(
            WebSocketServerProtocolConfig.newBuilder()
                .websocketPath(PATH)
                .checkStartsWith(false)
                .subprotocols(WireFormat.SUBPROTOCOLS)
                .handshakeTimeoutMillis(HANDSHAKE_TIMEOUT_MILLIS)
                .dropPongFrames(true)
                // No close frame from Netty on every close: the HTTP responses on this port close
                // their
                // connections too, before any upgrade. WebSocketFrameErrors sends its own.
                .sendCloseFrame(null)
                .decoderConfig(
                    WebSocketDecoderConfig.newBuilder()
                        .maxFramePayloadLength(maxMessageBytes)
                        .allowExtensions(false)
                        // Answered by WebSocketFrameErrors, with an Error before the close.
                        .closeOnProtocolViolation(false)
                        .build())
                .build()));
    p.addLast(
        "wsSetup", new WebSocketMemberSetup(maxMessageBytes, stats, clock, this::memberHandler));
  }

  private ChannelHandler memberHandler(WireFormat format) {
    return new MemberConnectionHandler(
        admission,
        clock,
        stats,
        channel -> new ChannelMemberLink(channel, WsStats.TRANSPORT, format.broadcastForm(), clock),
        WebSocketIdleHandler::new,
        joinTimeout);
  }
}
