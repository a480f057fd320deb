package org.attune.server.transport;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelPromise;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounds what one connection's peer can make the server queue for it: while the connection is not
 * writable (its outbound buffer is past the high-water mark) it is not read, so that requests that
 * are answered (clock pings, refused requests) stop coming in until the peer reads; should its
 * queue still pass {@code maxOutboundBytes} (writes that are not answers), it is closed.
 *
 * <p>Placed next to the head of the pipeline, it sees every write, encoded, whoever made it.
 *
 * <p>Thread-safe: no; one per channel, on its loop.
 */
public final class OutboundBackpressure extends ChannelDuplexHandler {

  private static final Logger log = LoggerFactory.getLogger(OutboundBackpressure.class);

  /** Its name in every pipeline that has one. */
  public static final String NAME = "backpressure";

  private final long maxOutboundBytes;
  private final LongAdder closed;

  /**
   * @param closed counts the connections closed for passing the cap
   */
  public OutboundBackpressure(long maxOutboundBytes, LongAdder closed) {
    this.maxOutboundBytes = maxOutboundBytes;
    this.closed = closed;
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (ctx.channel().isWritable()) {
      ReadPause.resume(ctx.channel(), ReadPause.Reason.UNWRITABLE);
    } else {
      ReadPause.pause(ctx.channel(), ReadPause.Reason.UNWRITABLE);
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    ctx.write(msg, promise);
    ChannelOutboundBuffer queue = ctx.channel().unsafe().outboundBuffer();
    if (queue != null
        && queue.totalPendingWriteBytes() > maxOutboundBytes
        && ctx.channel().isOpen()) {
      closed.increment();
      log.debug(
          "closing {}: {} bytes queued to it, over the cap of {}",
          ctx.channel().remoteAddress(),
          queue.totalPendingWriteBytes(),
          maxOutboundBytes);
      ctx.close();
    }
  }
}
