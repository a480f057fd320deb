package org.attune.server.stream;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import java.util.concurrent.Executor;
import org.attune.audio.bus.GroupBus;
import org.attune.clock.ServerClock;

/**
 * A server's live streams: the encoder thread, the UDP routes its clock pings prove, the counters,
 * and the datagram channel the frames go out on.
 *
 * <p>Thread-safe: yes. {@link #listeners} is called where a group's sound is made; {@link
 * #udpChannel} once the UDP port is bound.
 */
public final class LiveStreams implements AutoCloseable {

  private final ServerClock clock;
  private final ByteBufAllocator alloc;
  private final StreamStats stats = new StreamStats();
  private final UdpStreamRoutes routes = new UdpStreamRoutes();
  private final StreamEncoder encoder = new StreamEncoder();
  private volatile Channel udp;

  public LiveStreams(ServerClock clock, ByteBufAllocator alloc) {
    this.clock = clock;
    this.alloc = alloc;
  }

  /** The listeners of a group's stream, owned by the group's loop {@code loop}. */
  public StreamListeners listeners(GroupBus bus, Executor loop) {
    return new StreamListeners(bus, loop, clock, encoder, routes, stats, alloc, () -> udp);
  }

  /** The channel of the server's UDP port, which UDP listeners' frames leave from. */
  public void udpChannel(Channel channel) {
    this.udp = channel;
  }

  public UdpStreamRoutes routes() {
    return routes;
  }

  public StreamStats stats() {
    return stats;
  }

  /** Groups whose stream is being encoded now. */
  public int streaming() {
    return encoder.streams();
  }

  @Override
  public void close() {
    encoder.close();
  }
}
