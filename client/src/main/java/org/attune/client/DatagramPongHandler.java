package org.attune.client;

import com.google.protobuf.InvalidProtocolBufferException;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import org.attune.protocol.codec.ProtobufMessageDecoder;
import org.attune.protocol.v1.ServerMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads clock pongs and live-stream frames from the UDP channel: one {@link ServerMessage} per
 * datagram, from the server's address only. Anything else is dropped; a bad datagram never closes
 * the channel.
 *
 * <p>Thread: the client's I/O event loop.
 */
final class DatagramPongHandler extends SimpleChannelInboundHandler<DatagramPacket> {

  private static final Logger log = LoggerFactory.getLogger(DatagramPongHandler.class);

  private final ClockSync clock;
  private final ClockPinger pinger;
  private final InetSocketAddress server;
  private final AudioFrameRoute frames;

  DatagramPongHandler(
      ClockSync clock, ClockPinger pinger, InetSocketAddress server, AudioFrameRoute frames) {
    super(DatagramPacket.class);
    this.clock = clock;
    this.pinger = pinger;
    this.server = server;
    this.frames = frames;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
    long t3 = clock.localMicros();
    if (!server.equals(packet.sender())) {
      log.debug("dropping a datagram from {}", packet.sender());
      return;
    }
    ServerMessage message;
    try {
      message = ProtobufMessageDecoder.parse(ServerMessage.parser(), packet.content());
    } catch (InvalidProtocolBufferException e) {
      log.debug("dropping a malformed datagram: {}", e.getMessage());
      return;
    }
    if (message.hasClockPong()) {
      pinger.onPong(message.getClockPong(), t3, true);
    } else if (message.hasAudioFrame()) {
      frames.deliver(message.getAudioFrame(), true, t3 * 1_000);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // An ICMP port-unreachable and the like: UDP is best effort, TCP probes take over.
    log.debug("clock datagram channel: {}", cause.toString());
  }
}
