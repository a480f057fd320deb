package org.attune.loadtest.member;

import com.google.protobuf.InvalidProtocolBufferException;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import org.attune.protocol.codec.ProtobufMessageDecoder;
import org.attune.protocol.v1.ClientMessage;
import org.attune.protocol.v1.ClockPing;
import org.attune.protocol.v1.ServerMessage;

/**
 * One UDP socket that carries the clock pings of many simulated members, so that thousands of
 * members do not need thousands of sockets. A pong is handed to the member whose ping carried its
 * t0; a ping whose t0 another member of this socket still awaits is not sent (that member loses one
 * sample, as a real one would to a lost datagram).
 *
 * <p>Thread-safe: no. Owned by its channel's event loop; members using it live on the same loop.
 */
final class PingSocket extends SimpleChannelInboundHandler<DatagramPacket> {

  private final InetSocketAddress server;
  private final Map<Long, ClockProbe> awaiting = new HashMap<>();
  private Channel channel;

  PingSocket(InetSocketAddress server) {
    this.server = server;
  }

  void bindTo(Channel channel) {
    this.channel = channel;
  }

  /**
   * Sends a ping with t0 {@code t0Micros} for {@code probe}, unless that t0 is in use.
   *
   * @return true if sent
   */
  boolean send(long t0Micros, int lastRttMicros, ClockProbe probe) {
    if (awaiting.putIfAbsent(t0Micros, probe) != null) {
      return false;
    }
    ClientMessage ping =
        ClientMessage.newBuilder()
            .setClockPing(
                ClockPing.newBuilder()
                    .setClientSendMicros(t0Micros)
                    .setLastRttMicros(lastRttMicros))
            .build();
    channel.writeAndFlush(
        new DatagramPacket(Unpooled.wrappedBuffer(ping.toByteArray()), server),
        channel.voidPromise());
    return true;
  }

  /** Forgets a ping whose pong will no longer count. */
  void forget(long t0Micros, ClockProbe probe) {
    awaiting.remove(t0Micros, probe);
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
    long t3Micros = System.nanoTime() / 1_000;
    ServerMessage message;
    try {
      message = ProtobufMessageDecoder.parse(ServerMessage.parser(), packet.content());
    } catch (InvalidProtocolBufferException e) {
      return;
    }
    if (!message.hasClockPong()) {
      return;
    }
    ClockProbe probe = awaiting.remove(message.getClockPong().getClientSendMicros());
    if (probe != null) {
      probe.onPong(message.getClockPong(), t3Micros, true);
    }
  }
}
