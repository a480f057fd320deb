package org.attune.server.transport;

import com.google.protobuf.CodedOutputStream;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounds the bytes that every connection's frame decoder holds in all while it waits for the rest
 * of a frame: thousands of connections that each send a length prefix and most of a 64 KiB frame,
 * then wait, would otherwise fill the server's memory (issue 10). One connection holds at most one
 * frame (its decoder's maximum); past the budget, the connection whose read would keep more is
 * closed.
 *
 * <p>Each connection has two handlers around its frame decoder: {@link Connection#bytesIn} counts
 * what is read, {@link Connection#framesOut} what the decoder hands on as whole frames (with their
 * varint32 prefix); the difference is what it holds.
 *
 * <p>Thread-safe: the budget yes; a {@link Connection} is used on its channel's loop only.
 */
public final class PartialFrameBudget {

  private static final Logger log = LoggerFactory.getLogger(PartialFrameBudget.class);

  private final long maxBytes;
  private final AtomicLong held = new AtomicLong();

  /** Connections closed because they would have held more than the budget allows. */
  public final LongAdder closed = new LongAdder();

  public PartialFrameBudget(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  /** Bytes held in partial frames now, over all connections. */
  public long held() {
    return held.get();
  }

  /** The two handlers of one new connection. */
  public Connection newConnection() {
    return new Connection();
  }

  /** One connection's share of the budget. */
  public final class Connection {
    private long mine;

    private Connection() {}

    /** Goes just before the frame decoder. */
    public ChannelInboundHandlerAdapter bytesIn() {
      return new ChannelInboundHandlerAdapter() {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
          if (msg instanceof ByteBuf buf) {
            add(buf.readableBytes());
          }
          // The decoder takes every whole frame out of it before this returns.
          ctx.fireChannelRead(msg);
          if (mine > 0 && held.get() > maxBytes && ctx.channel().isOpen()) {
            closed.increment();
            log.debug(
                "closing {}: partial frames hold {} bytes in all, over the budget of {}",
                ctx.channel().remoteAddress(),
                held.get(),
                maxBytes);
            ctx.close();
          }
        }

        @Override
        public void handlerRemoved(ChannelHandlerContext ctx) {
          add(-mine);
        }
      };
    }

    /** Goes just after the frame decoder. */
    public ChannelInboundHandlerAdapter framesOut() {
      return new ChannelInboundHandlerAdapter() {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
          if (msg instanceof ByteBuf frame) {
            int length = frame.readableBytes();
            add(-Math.min(mine, length + CodedOutputStream.computeUInt32SizeNoTag(length)));
          }
          ctx.fireChannelRead(msg);
        }
      };
    }

    private void add(long bytes) {
      mine += bytes;
      held.addAndGet(bytes);
    }
  }
}
