package org.attune.server.transport.tcp;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;
import org.attune.clock.ServerClock;
import org.attune.protocol.codec.ProtobufMessageDecoder;
import org.attune.protocol.codec.VarintFrameDecoder;
import org.attune.protocol.codec.VarintFramePrepender;
import org.attune.protocol.v1.ClientMessage;
import org.attune.server.group.Admission;
import org.attune.server.group.FailedJoinLimiter;
import org.attune.server.group.GroupRegistry;
import org.attune.server.transport.ChannelMemberLink;
import org.attune.server.transport.ChannelMove;
import org.attune.server.transport.ConnectionLimits;
import org.attune.server.transport.InboundMessageBudget;
import org.attune.server.transport.MemberConnectionHandler;
import org.attune.server.transport.OutboundBackpressure;
import org.attune.server.transport.PartialFrameBudget;

/**
 * The TCP pipeline, top to bottom: idle detection, back-pressure (no reading while the peer does
 * not read; a cap on what is queued to it), frame decoder (with a maximum size, its partial frames
 * within the server's budget), the message budget (past it, no reading for a second and no
 * decoding), message decoder, frame encoder, and the one handler that hands requests to the groups.
 * A connection moves onto its group's event loop when it joins ({@link ChannelMove}).
 */
public final class TcpServerInitializer extends ChannelInitializer<SocketChannel> {

  /** A member that sends nothing (not even clock pings) for this long is considered gone. */
  static final int READER_IDLE_SECONDS = 60;

  private final Admission admission;
  private final ServerClock clock;
  private final int maxFrameBytes;
  private final TcpStats stats;
  private final ConnectionLimits limits;
  private final PartialFrameBudget partialFrames;
  private final VarintFramePrepender framePrepender = new VarintFramePrepender();

  public TcpServerInitializer(
      GroupRegistry groups,
      FailedJoinLimiter joinLimiter,
      ServerClock clock,
      int maxFrameBytes,
      TcpStats stats,
      ConnectionLimits limits,
      PartialFrameBudget partialFrames) {
    this.admission = new Admission(groups, joinLimiter);
    this.clock = clock;
    this.maxFrameBytes = maxFrameBytes;
    this.stats = stats;
    this.limits = limits;
    this.partialFrames = partialFrames;
  }

  @Override
  protected void initChannel(SocketChannel ch) {
    ch.config().setSendBufferSize(ConnectionLimits.MEMBER_SEND_BUFFER_BYTES);
    ChannelPipeline p = ch.pipeline();
    p.addLast(ChannelMove.IDLE, newIdleHandler());
    p.addLast(
        OutboundBackpressure.NAME,
        new OutboundBackpressure(limits.maxOutboundBytes(), stats.outboundOverflows));
    PartialFrameBudget.Connection partial = partialFrames.newConnection();
    p.addLast("partialFramesIn", partial.bytesIn());
    p.addLast("frameDecoder", new VarintFrameDecoder(maxFrameBytes));
    p.addLast("partialFramesOut", partial.framesOut());
    p.addLast(
        InboundMessageBudget.NAME,
        new InboundMessageBudget(clock, stats.overBudgetMessages, stats.budgetPauses));
    p.addLast("messageDecoder", new ProtobufMessageDecoder<>(ClientMessage.parser()));
    p.addLast("frameEncoder", framePrepender);
    p.addLast(
        "member",
        new MemberConnectionHandler(
            admission,
            clock,
            stats,
            channel ->
                new ChannelMemberLink(
                    channel, TcpStats.TRANSPORT, ChannelMemberLink.Form.FRAMED, clock),
            TcpServerInitializer::newIdleHandler,
            limits.joinTimeout()));
  }

  /** The idle detector: its timer runs on the loop the channel is registered with when added. */
  static IdleStateHandler newIdleHandler() {
    return new IdleStateHandler(READER_IDLE_SECONDS, 0, 0, TimeUnit.SECONDS);
  }
}
