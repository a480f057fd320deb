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
import java.util.concurrent.atomic.LongAdder;
import org.attune.clock.ServerClock;
import org.attune.protocol.codec.ProtobufMessageDecoder;
import org.attune.protocol.v1.ClientMessage;
import org.attune.protocol.v1.ErrorCode;
import org.attune.protocol.v1.ServerMessage;
import org.attune.server.stream.UdpStreamRoutes;
import org.attune.server.transport.ClockPongs;
import org.attune.server.transport.ErrorReplies;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers {@code ClientMessage{clock_ping}} datagrams with a pong to the sender; a ping that
 * carries a live stream's token also proves its sender's address for that stream ({@link
 * UdpStreamRoutes}).
 *
 * <p>A bad datagram (too large, unparseable, not a ping) is counted in {@link UdpStats} and
 * answered with an error; it never closes the shared channel (compare netty's {@code
 * QuoteOfTheMomentServerHandler}).
 *
 * <p>Thread-safe: sharable; runs on the datagram channel's loop.
 */
@ChannelHandler.Sharable
public final class ClockPingDatagramHandler extends SimpleChannelInboundHandler<DatagramPacket> {

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
    stats.datagrams.increment();
    if (content.readableBytes() > maxDatagramBytes) {
      reject(
          ctx,
          sender,
          stats.oversized,
          ErrorCode.FRAME_TOO_LARGE,
          "Datagram larger than " + maxDatagramBytes + " bytes.");
      return;
    }
    ClientMessage message;
    try {
      message = ProtobufMessageDecoder.parse(ClientMessage.parser(), content);
    } catch (InvalidProtocolBufferException e) {
      reject(ctx, sender, stats.malformed, ErrorCode.MALFORMED, "Could not read that datagram.");
      return;
    }
    if (!message.hasClockPing()) {
      reject(
          ctx,
          sender,
          stats.unsupported,
          ErrorCode.INVALID_ARGUMENT,
          "Only clock pings are answered over UDP; use TCP for everything else.");
      return;
    }
    stats.clockPings.increment();
    ByteString token = message.getClockPing().getStreamToken();
    if (streams != null && !token.isEmpty()) {
      streams.pinged(token, sender, receivedMicros);
    }
    send(ctx, sender, ClockPongs.pong(message.getClockPing(), receivedMicros, clock));
  }

  private void reject(
      ChannelHandlerContext ctx,
      InetSocketAddress sender,
      LongAdder reason,
      ErrorCode code,
      String message) {
    reason.increment();
    send(ctx, sender, ErrorReplies.error(code, message, 0));
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

  /** Clock pings answered. */
  public long pings() {
    return stats.clockPings.sum();
  }

  /** Datagrams answered with an error instead of a pong. */
  public long rejected() {
    return stats.rejected();
  }
}
