package org.attune.client;

import com.google.protobuf.InvalidProtocolBufferException;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.DecoderException;
import org.attune.protocol.v1.ServerMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last stage of the TCP pipeline: stamps each message with its arrival time, gives clock pongs
 * to the {@link ClockPinger} and stream frames to the {@link AudioFrameRoute} at once, and
 * everything else to the {@link ClientSession}.
 *
 * <p>A message that does not parse is skipped (the frame had a valid length, so the stream is still
 * in step); any other failure closes the connection.
 *
 * <p>Thread: the client's I/O event loop.
 */
final class ServerMessageHandler extends SimpleChannelInboundHandler<ServerMessage> {

  private static final Logger log = LoggerFactory.getLogger(ServerMessageHandler.class);

  private final ClockSync clock;
  private final ClockPinger pinger;
  private final ClientSession session;
  private final AudioFrameRoute frames;

  ServerMessageHandler(
      ClockSync clock, ClockPinger pinger, ClientSession session, AudioFrameRoute frames) {
    super(ServerMessage.class);
    this.clock = clock;
    this.pinger = pinger;
    this.session = session;
    this.frames = frames;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, ServerMessage message) {
    long receivedNanos = clock.localNanos();
    if (message.hasClockPong()) {
      pinger.onPong(message.getClockPong(), receivedNanos / 1_000, false);
    } else if (message.hasAudioFrame()) {
      frames.deliver(message.getAudioFrame(), false, receivedNanos);
    } else {
      session.onMessage(message, receivedNanos);
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    session.onDisconnected();
    super.channelInactive(ctx);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof CorruptedFrameException
        && cause.getCause() instanceof InvalidProtocolBufferException) {
      log.warn("skipping a server message that does not parse: {}", cause.getMessage());
      return;
    }
    if (cause instanceof DecoderException) {
      log.warn("the server's stream is out of step, closing: {}", cause.getMessage());
    } else {
      log.warn("closing the connection to the server", cause);
    }
    ctx.close();
  }
}
