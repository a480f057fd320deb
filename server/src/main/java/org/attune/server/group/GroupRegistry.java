package org.attune.server.group;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.EventLoopGroup;
import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import org.attune.clock.ServerClock;

/**
 * All groups of a server, found by join code, id or session token.
 *
 * <p>Thread-safe: looked up from every transport's event loop; a new group is bound to the next
 * event loop of the server's loop group, which then owns it.
 */
public final class GroupRegistry implements Group.SessionIndex {

  public static final double INITIAL_BPM = 90;

  private final EventLoopGroup loops;
  private final ServerClock clock;
  private final GroupSettings settings;
  private final ByteBufAllocator alloc;
  private final GroupStats stats;
  private final GroupSound.Factory sounds;
  private final String idPrefix;
  private final AtomicLong groupNumber = new AtomicLong();
  private final ConcurrentMap<String, Group> byCode = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, Group> byId = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, Group> byToken = new ConcurrentHashMap<>();

  public GroupRegistry(EventLoopGroup loops, ServerClock clock, GroupSettings settings,
      ByteBufAllocator alloc, GroupStats stats) {
    this(loops, clock, settings, alloc, stats, GroupSound.Factory.SILENT);
  }

  /** A registry whose groups sound: each gets its sound from {@code sounds} when created. */
  public GroupRegistry(EventLoopGroup loops, ServerClock clock, GroupSettings settings,
      ByteBufAllocator alloc, GroupStats stats, GroupSound.Factory sounds) {
    this("g", loops, clock, settings, alloc, stats, sounds);
  }

  /**
   * A registry whose group ids start with {@code idPrefix} ({@code g1}, {@code g2}... for the
   * server's own; another prefix for a private one, e.g. the warm-up's).
   */
  public GroupRegistry(String idPrefix, EventLoopGroup loops, ServerClock clock,
      GroupSettings settings, ByteBufAllocator alloc, GroupStats stats,
      GroupSound.Factory sounds) {
    this.idPrefix = idPrefix;
    this.sounds = sounds;
    this.loops = loops;
    this.clock = clock;
    this.settings = settings;
    this.alloc = alloc;
    this.stats = stats;
  }

  /** Creates a group with fresh, unguessable join code and facilitator key. */
  public Group create(String name) {
    return create(name, Secrets.joinCode(), Secrets.facilitatorKey());
  }

  /**
   * Creates a group with the given secrets (for a demo with codes known in advance).
   *
   * @throws IllegalArgumentException if the join code is taken or a secret is empty
   */
  public Group create(String name, String joinCode, String facilitatorKey) {
    if (Secrets.normalizeCode(joinCode).isEmpty() || facilitatorKey.isBlank()) {
      throw new IllegalArgumentException("join code and facilitator key must not be empty");
    }
    String id = idPrefix + groupNumber.incrementAndGet();
    Group group = new Group(id, name, joinCode, facilitatorKey, loops.next(), clock, settings, this,
        alloc, stats, INITIAL_BPM, sounds);
    if (byCode.putIfAbsent(Secrets.normalizeCode(joinCode), group) != null) {
      group.close();
      throw new IllegalArgumentException("join code already in use");
    }
    byId.put(id, group);
    return group;
  }

  /** The group with this join code, as people type it (case and dashes do not matter). */
  public Optional<Group> findByCode(String joinCode) {
    return Optional.ofNullable(byCode.get(Secrets.normalizeCode(joinCode)));
  }

  public Optional<Group> findById(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  public Optional<Group> findBySessionToken(String token) {
    return Optional.ofNullable(byToken.get(token));
  }

  public Collection<Group> groups() {
    return byId.values();
  }

  /** How many groups there are now. */
  public int count() {
    return byId.size();
  }

  /** The counters all groups of this registry add to. */
  public GroupStats stats() {
    return stats;
  }

  @Override
  public void register(String token, Group group) {
    byToken.put(token, group);
  }

  @Override
  public void unregister(String token) {
    byToken.remove(token);
  }
}
