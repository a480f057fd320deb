package org.attune.server.transport;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoop;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Moves a member's connection onto the event loop of the group it is joining, so that from then on
 * a gesture is read, checked, relayed and written to every other member on one thread, with no
 * hand-over between loops (DESIGN.md, "Threads and ownership").
 *
 * <p>The move deregisters the channel from its loop and registers it with the group's; Netty keeps
 * the pipeline, the decoder's partial input and the outbound buffer across it, and reading resumes
 * on the new loop. The one handler bound to a loop is the idle detector, whose timer is scheduled
 * on the loop it was added on: it is taken out before the move and a new one put in after it (each
 * transport has its own: TCP's only closes a silent connection, the WebSocket's also pings it),
 * always named {@link #IDLE} and first in the pipeline (behind TLS's handler where TLS is on). A
 * connection moves before its member exists (before the join is carried out), so no group writes to
 * it while it moves; a connection that closes meanwhile fails the move.
 *
 * <p>Thread-safe: call on the channel's current loop. {@code moved} runs on the target loop once
 * the channel is registered there, at once if it already is; {@code failed} runs on whichever loop
 * noticed the failure.
 */
public final class ChannelMove {

  /** Name of the idle detector in every member pipeline, which a move replaces. */
  public static final String IDLE = "idle";

  /**
   * Name of the TLS handler where TLS is on: it stays first, so that the idle detector (whose
   * WebSocket form writes pings) sits behind it and writes through it.
   */
  public static final String TLS = "tls";

  private ChannelMove() {}

  /**
   * Moves {@code channel} onto {@code target}, then runs {@code moved} there; the idle detector is
   * replaced by one from {@code newIdleHandler}, added on the new loop.
   */
  public static void toLoop(
      Channel channel,
      EventLoop target,
      Supplier<? extends ChannelHandler> newIdleHandler,
      Runnable moved,
      Consumer<Throwable> failed) {
    if (channel.eventLoop() == target) {
      moved.run();
      return;
    }
    ChannelPipeline pipeline = channel.pipeline();
    if (pipeline.get(IDLE) != null) {
      pipeline.remove(IDLE);
    }
    channel
        .deregister()
        .addListener(
            (ChannelFutureListener)
                deregistered -> {
                  if (!deregistered.isSuccess()) {
                    failed.accept(deregistered.cause());
                    channel.close();
                    return;
                  }
                  target
                      .register(channel)
                      .addListener(
                          (ChannelFutureListener)
                              registered -> {
                                if (!registered.isSuccess()) {
                                  failed.accept(registered.cause());
                                  channel.unsafe().closeForcibly();
                                  return;
                                }
                                if (pipeline.get(TLS) != null) {
                                  pipeline.addAfter(TLS, IDLE, newIdleHandler.get());
                                } else {
                                  pipeline.addFirst(IDLE, newIdleHandler.get());
                                }
                                moved.run();
                              });
                });
  }
}
