package org.attune.server.stream;

import com.google.protobuf.ByteString;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import org.attune.audio.bus.GroupBus;
import org.attune.audio.opus.OpusFrameSize;
import org.attune.clock.ServerClock;
import org.attune.protocol.v1.AudioFrame;
import org.attune.protocol.v1.ErrorCode;
import org.attune.protocol.v1.ServerMessage;
import org.attune.protocol.v1.StreamRequest;
import org.attune.server.group.Broadcast;
import org.attune.server.group.Member;
import org.attune.server.group.MemberLink;
import org.attune.server.group.Refusal;

/**
 * Who listens to one group's live stream, and the sending of each encoded frame to them.
 *
 * <p>The group's {@link GroupStream} exists while anyone listens. Each frame is encoded once (per
 * frame duration) and framed once, and goes to each listener at that duration: as a datagram to its
 * proven UDP address if it asked for UDP and its pings are fresh, else over its connection, if that
 * is writable; if not, the frame is dropped for that listener alone and counted.
 *
 * <p>Thread-safe: no; owned by the group's loop, like the group. Frames come from the encoder
 * thread through the loop's queue.
 */
public final class StreamListeners {

  private static final class Listener {
    final MemberLink link;
    final OpusFrameSize size;
    final ByteString token;
    final UdpStreamRoutes.Route route;

    Listener(MemberLink link, OpusFrameSize size, ByteString token, UdpStreamRoutes.Route route) {
      this.link = link;
      this.size = size;
      this.token = token;
      this.route = route;
    }
  }

  private final GroupBus bus;
  private final Executor loop;
  private final ServerClock clock;
  private final StreamEncoder encoder;
  private final UdpStreamRoutes routes;
  private final StreamStats stats;
  private final ByteBufAllocator alloc;
  private final Supplier<Channel> udp;
  private final Map<String, Listener> listeners = new LinkedHashMap<>();
  private GroupStream stream;

  StreamListeners(
      GroupBus bus,
      Executor loop,
      ServerClock clock,
      StreamEncoder encoder,
      UdpStreamRoutes routes,
      StreamStats stats,
      ByteBufAllocator alloc,
      Supplier<Channel> udp) {
    this.bus = bus;
    this.loop = loop;
    this.clock = clock;
    this.encoder = encoder;
    this.routes = routes;
    this.stats = stats;
    this.alloc = alloc;
    this.udp = udp;
  }

  /**
   * Starts, changes or stops {@code member}'s stream, reached by {@code link}.
   *
   * @throws Refusal for a frame duration other than 10 or 20 ms, or a bad or taken UDP token;
   *     nothing changed then
   */
  public void request(Member member, MemberLink link, StreamRequest request) throws Refusal {
    if (!request.getOn()) {
      remove(member.id());
      return;
    }
    OpusFrameSize size = frameSize(request.getFrameMillis());
    Listener old = listeners.get(member.id());
    ByteString token = null;
    UdpStreamRoutes.Route route = null;
    if (request.getUdp()) {
      token = request.getUdpToken();
      if (token.size() < UdpStreamRoutes.MIN_TOKEN_BYTES
          || token.size() > UdpStreamRoutes.MAX_TOKEN_BYTES) {
        throw invalid(
            "A UDP stream needs a udp_token of "
                + UdpStreamRoutes.MIN_TOKEN_BYTES
                + ".."
                + UdpStreamRoutes.MAX_TOKEN_BYTES
                + " random bytes, not "
                + token.size()
                + ".");
      }
      if (old != null && token.equals(old.token)) {
        route = old.route;
      } else {
        route = routes.register(token);
        if (route == null) {
          throw invalid("That udp_token is in use; choose another at random.");
        }
      }
    }
    if (old != null && old.token != null && old.route != route) {
      routes.unregister(old.token, old.route);
    }
    if (old == null) {
      stats.listeners.increment();
    }
    listeners.put(member.id(), new Listener(link, size, token, route));
    update();
  }

  /** The member's link went, or it left: its stream stops. */
  public void ended(Member member) {
    remove(member.id());
  }

  /** Listeners now. */
  public int size() {
    return listeners.size();
  }

  /** The group is gone: everyone's stream stops. */
  public void close() {
    for (String id : listeners.keySet().toArray(String[]::new)) {
      remove(id);
    }
  }

  private void remove(String memberId) {
    Listener gone = listeners.remove(memberId);
    if (gone == null) {
      return;
    }
    stats.listeners.decrement();
    if (gone.token != null) {
      routes.unregister(gone.token, gone.route);
    }
    update();
  }

  /** Opens or closes the group's stream, and tells it the durations listened at. */
  private void update() {
    if (listeners.isEmpty()) {
      if (stream != null) {
        stream.close();
        encoder.remove(stream);
        stream = null;
      }
      return;
    }
    if (stream == null) {
      GroupStream[] self = new GroupStream[1];
      GroupStream opened = new GroupStream(bus, stats, frame -> encoded(self[0], frame));
      self[0] = opened;
      stream = opened;
      encoder.add(opened);
      opened.open();
    }
    for (OpusFrameSize size : OpusFrameSize.values()) {
      boolean wanted = false;
      for (Listener l : listeners.values()) {
        wanted |= l.size == size;
      }
      stream.want(size, wanted);
    }
  }

  /** A frame is encoded: on the encoder thread. */
  private void encoded(GroupStream from, AudioFrame frame) {
    ServerMessage message = ServerMessage.newBuilder().setAudioFrame(frame).build();
    try {
      loop.execute(() -> deliver(from, message));
    } catch (RejectedExecutionException e) {
      // The server is stopping: no one will hear it.
    }
  }

  /**
   * Sends one frame to everyone who listens at its duration; a frame of a stream closed meanwhile
   * goes to no one. Group's loop.
   */
  private void deliver(GroupStream from, ServerMessage message) {
    if (from != stream) {
      return;
    }
    OpusFrameSize size = OpusFrameSize.ofMillis(message.getAudioFrame().getFrameMillis());
    long now = clock.nowMicros();
    Broadcast broadcast = null;
    byte[] datagram = null;
    try {
      for (Listener l : listeners.values()) {
        if (l.size != size) {
          continue;
        }
        InetSocketAddress address = l.route == null ? null : l.route.addressAt(now);
        Channel channel = address == null ? null : udp.get();
        if (channel != null) {
          if (!channel.isWritable()) {
            stats.framesDropped.increment();
            continue;
          }
          if (datagram == null) {
            datagram = message.toByteArray();
          }
          channel.writeAndFlush(
              new DatagramPacket(Unpooled.wrappedBuffer(datagram), address), channel.voidPromise());
          stats.datagramsSent.increment();
          continue;
        }
        if (!l.link.isWritable()) {
          stats.framesDropped.increment();
          continue;
        }
        if (broadcast == null) {
          broadcast = new Broadcast(message, alloc);
        }
        l.link.send(broadcast);
        stats.framesSent.increment();
      }
    } finally {
      if (broadcast != null) {
        broadcast.release();
      }
    }
  }

  static OpusFrameSize frameSize(int millis) throws Refusal {
    if (millis == 0) {
      return OpusFrameSize.MS_20;
    }
    if (millis != 10 && millis != 20) {
      throw invalid("A stream's frames last 10 or 20 ms, not " + millis + " ms.");
    }
    return OpusFrameSize.ofMillis(millis);
  }

  private static Refusal invalid(String message) {
    return new Refusal(ErrorCode.INVALID_ARGUMENT, message);
  }
}
