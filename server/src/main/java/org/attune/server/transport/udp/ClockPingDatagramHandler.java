package org.attune.server.transport.udp;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import org.attune.clock.ServerClock;
import org.attune.protocol.codec.ProtobufMessageDecoder;
import org.attune.protocol.v1.ClientMessage;
import org.attune.protocol.v1.ServerMessage;
import org.attune.server.stream.UdpStreamRoutes;
import org.attune.server.transport.ClockPongs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers {@code ClientMessage{clock_ping}} datagrams with a pong to the sender, and nothing else;
 * a ping that carries a live stream's token also proves its sender's address for that stream
 * ({@link UdpStreamRoutes}).
 *
 * <p>A UDP source address can be forged, so this port must not be usable as a reflector or an
 * amplifier against someone else. It follows QUIC's anti-amplification rule (RFC 9000, section 8.1:
 * no more than three times the bytes received to an address that has not been validated): every
 * datagram that is not a well-formed ping (too large, unparseable, another message, empty) is
 * dropped without a reply and counted in {@link UdpStats} by reason, and a pong is sent only if its
 * encoding is at most {@link #MAX_AMPLIFICATION} times the ping's; a smaller ping (in practice one
 * whose {@code client_send_micros} is a tiny number) is dropped and counted as {@code
 * amplification}. A bad datagram never closes the shared channel (compare netty's {@code
 * QuoteOfTheMomentServerHandler}).
 *
 * <p>Thread-safe: sharable; runs on the datagram channel's loop.
 */
@ChannelHandler.Sharable
public final class ClockPingDatagramHandler extends SimpleChannelInboundHandler<DatagramPacket> {

  /** A pong is at most this many times the size of the ping it answers (RFC 9000, 8.1). */
  public static final int MAX_AMPLIFICATION = 3;

  private static final Logger log = LoggerFactory.getLogger(ClockPingDatagramHandler.class);

  private final ServerClock clock;
  private final int maxDatagramBytes;
  private final UdpStats stats;
  private final UdpStreamRoutes streams;

  public ClockPingDatagramHandler(ServerClock clock, int maxDatagramBytes, UdpStats stats) {
    this(clock, maxDatagramBytes, stats, null);
  }

  /**
   * @param streams the live streams' UDP routes, which pings carrying a stream token prove; null
   *     for a server without sound
   */
  public ClockPingDatagramHandler(
      ServerClock clock, int maxDatagramBytes, UdpStats stats, UdpStreamRoutes streams) {
    this.clock = clock;
    this.maxDatagramBytes = maxDatagramBytes;
    this.stats = stats;
    this.streams = streams;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
    long receivedMicros = clock.nowMicros();
    InetSocketAddress sender = packet.sender();
    ByteBuf content = packet.content();
    int receivedBytes = content.readableBytes();
    stats.datagrams.increment();
    if (receivedBytes > maxDatagramBytes) {
      stats.oversized.increment();
      return;
    }
    ClientMessage message;
    try {
      message = ProtobufMessageDecoder.parse(ClientMessage.parser(), content);
    } catch (InvalidProtocolBufferException e) {
      stats.malformed.increment();
      return;
    }
    if (!message.hasClockPing()) {
      stats.unsupported.increment();
      return;
    }
    ByteString token = message.getClockPing().getStreamToken();
    if (streams != null && !token.isEmpty()) {
      streams.pinged(token, sender, receivedMicros);
    }
    ServerMessage pong = ClockPongs.pong(message.getClockPing(), receivedMicros, clock);
    if (pong.getSerializedSize() > MAX_AMPLIFICATION * receivedBytes) {
      stats.amplification.increment();
      return;
    }
    stats.clockPings.increment();
    send(ctx, sender, pong);
  }

  /** Sends a reply unless the socket's buffer is full: a datagram is never queued behind others. */
  private void send(ChannelHandlerContext ctx, InetSocketAddress to, ServerMessage message) {
    if (!ctx.channel().isWritable()) {
      stats.unwritable.increment();
      return;
    }
    ctx.writeAndFlush(
        new DatagramPacket(Unpooled.wrappedBuffer(message.toByteArray()), to), ctx.voidPromise());
  }

  /** A failed send (e.g. the ping's sender has gone) must not close the shared channel. */
  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.debug("datagram channel error: {}", cause.toString());
  }

  /** The counters, for tests. */
  public UdpStats stats() {
    return stats;
  }

  /** Clock pings answered. */
  public long pings() {
    return stats.clockPings.sum();
  }

  /** Datagrams dropped unanswered: everything but answered pings and unwritable replies. */
  public long rejected() {
    return stats.rejected();
  }
}
