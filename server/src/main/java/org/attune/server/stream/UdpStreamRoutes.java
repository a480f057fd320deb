package org.attune.server.stream;

import com.google.protobuf.ByteString;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where each UDP listener's datagrams go: the address that last sent a clock ping carrying the
 * listener's stream token.
 *
 * <p>A token is registered only by its member's own connection ({@link #register}); a ping can only
 * move an existing route to its sender, never create one, so a forged datagram (an unknown token)
 * leaves nothing behind and makes the server send nothing anywhere: no reflection or amplification
 * towards an address that did not ask. A route whose address has not pinged for {@link
 * #FRESH_MICROS} is stale and its listener hears over its connection again.
 *
 * <p>Thread-safe: yes. {@link #pinged} runs on the datagram channel's loop, the rest on the groups'
 * loops.
 */
public final class UdpStreamRoutes {

  /** Shortest token a client may choose: 128 random bits. */
  public static final int MIN_TOKEN_BYTES = 16;

  public static final int MAX_TOKEN_BYTES = 64;

  /** How long a ping keeps an address receiving: the client pings every 200 ms by default. */
  public static final long FRESH_MICROS = 5_000_000;

  /** One listener's proven address; unproven (null) until its first ping. */
  static final class Route {
    volatile InetSocketAddress address;
    volatile long lastPingMicros;

    /** The address to send to at {@code nowMicros}, or null if none is proven and fresh. */
    InetSocketAddress addressAt(long nowMicros) {
      InetSocketAddress a = address;
      return a != null && nowMicros - lastPingMicros < FRESH_MICROS ? a : null;
    }
  }

  private final Map<ByteString, Route> routes = new ConcurrentHashMap<>();

  /** A new unproven route for {@code token}, or null if another listener holds the token. */
  Route register(ByteString token) {
    Route route = new Route();
    return routes.putIfAbsent(token, route) == null ? route : null;
  }

  void unregister(ByteString token, Route route) {
    routes.remove(token, route);
  }

  /**
   * A clock ping from {@code sender} carried {@code token}: if a listener registered it, its
   * datagrams go to {@code sender} from now on.
   *
   * @return whether the token was known
   */
  public boolean pinged(ByteString token, InetSocketAddress sender, long nowMicros) {
    Route route = routes.get(token);
    if (route == null) {
      return false;
    }
    route.lastPingMicros = nowMicros;
    route.address = sender;
    return true;
  }

  /** Routes registered now. */
  public int size() {
    return routes.size();
  }
}
