package org.attune.server.group;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.EventLoopGroup;
import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import org.attune.clock.ServerClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * All groups of a server, found by join code, id or session token.
 *
 * <p>Thread-safe: looked up from every transport's event loop; a new group is bound to the next
 * event loop of the server's loop group, which then owns it.
 */
public final class GroupRegistry implements Group.SessionIndex {

  public static final double INITIAL_BPM = 90;

  /**
   * Groups one server holds at most: each costs a few kilobytes and two timers even when empty, and
   * one node serves far fewer playing groups than this (README: "Scale").
   */
  public static final int MAX_GROUPS = 10_000;

  private static final Logger log = LoggerFactory.getLogger(GroupRegistry.class);

  private final EventLoopGroup loops;
  private final GroupServices services;
  private final String idPrefix;
  private final AtomicLong groupNumber = new AtomicLong();
  private final ConcurrentMap<String, Group> byCode = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, Group> byId = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, Group> byToken = new ConcurrentHashMap<>();

  public GroupRegistry(
      EventLoopGroup loops,
      ServerClock clock,
      GroupSettings settings,
      ByteBufAllocator alloc,
      GroupStats stats) {
    this(loops, clock, settings, alloc, stats, GroupSound.Factory.SILENT);
  }

  /** A registry whose groups sound: each gets its sound from {@code sounds} when created. */
  public GroupRegistry(
      EventLoopGroup loops,
      ServerClock clock,
      GroupSettings settings,
      ByteBufAllocator alloc,
      GroupStats stats,
      GroupSound.Factory sounds) {
    this("g", loops, clock, settings, alloc, stats, sounds);
  }

  /**
   * A registry whose group ids start with {@code idPrefix} ({@code g1}, {@code g2}... for the
   * server's own; another prefix for a private one, e.g. the warm-up's), keeping no journal.
   */
  public GroupRegistry(
      String idPrefix,
      EventLoopGroup loops,
      ServerClock clock,
      GroupSettings settings,
      ByteBufAllocator alloc,
      GroupStats stats,
      GroupSound.Factory sounds) {
    this(
        idPrefix,
        loops,
        clock,
        settings,
        alloc,
        stats,
        sounds,
        GroupJournal.Factory.NONE,
        SecretHashes.ofThisRun(),
        System.currentTimeMillis() * 1_000 - clock.nowMicros());
  }

  /**
   * A registry whose groups keep journals.
   *
   * @param hashes how join codes are hashed: with the data directory's salt, so that a restored
   *     group is found by the code people type
   * @param epochMicrosAtZero the wall-clock time (µs since the Unix epoch) of server time 0
   */
  public GroupRegistry(
      String idPrefix,
      EventLoopGroup loops,
      ServerClock clock,
      GroupSettings settings,
      ByteBufAllocator alloc,
      GroupStats stats,
      GroupSound.Factory sounds,
      GroupJournal.Factory journals,
      SecretHashes hashes,
      long epochMicrosAtZero) {
    this.idPrefix = idPrefix;
    this.loops = loops;
    this.services =
        new GroupServices(
            clock, settings, this, alloc, stats, sounds, journals, hashes, epochMicrosAtZero);
  }

  /** Creates a group with fresh, unguessable join code and facilitator key. */
  public Group create(String name) {
    return create(name, Secrets.joinCode(), Secrets.facilitatorKey());
  }

  /**
   * Creates a group with secrets its operator chose (codes known in advance), each at least as
   * strong as {@link SecretStrength} asks.
   *
   * @throws IllegalArgumentException if a secret is too weak (the message says why) or the join
   *     code is taken
   * @throws IllegalStateException if the server holds {@link #MAX_GROUPS} groups already
   */
  public Group create(String name, String joinCode, String facilitatorKey) {
    Optional<String> weak =
        SecretStrength.joinCodeProblem(joinCode)
            .or(() -> SecretStrength.facilitatorKeyProblem(facilitatorKey));
    if (weak.isPresent()) {
      throw new IllegalArgumentException(weak.get());
    }
    return createWithAnySecrets(name, joinCode, facilitatorKey);
  }

  /**
   * Creates a group with secrets that may be too weak for {@link SecretStrength}, for a demo whose
   * operator asked for it explicitly ({@code serve --insecure-demo-secrets}); logs a warning.
   *
   * @throws IllegalArgumentException if a secret is empty or the join code is taken
   * @throws IllegalStateException if the server holds {@link #MAX_GROUPS} groups already
   */
  public Group createInsecureDemo(String name, String joinCode, String facilitatorKey) {
    Optional<String> weak =
        SecretStrength.joinCodeProblem(joinCode)
            .or(() -> SecretStrength.facilitatorKeyProblem(facilitatorKey));
    Group group = createWithAnySecrets(name, joinCode, facilitatorKey);
    weak.ifPresent(
        problem ->
            log.warn(
                "INSECURE: group {} has demo secrets that can be guessed ({}); anyone who tries"
                    + " may join or take over as facilitator. Never use them for a real session.",
                group.id(),
                problem));
    return group;
  }

  private Group createWithAnySecrets(String name, String joinCode, String facilitatorKey) {
    if (Secrets.normalizeCode(joinCode).isEmpty() || facilitatorKey.isBlank()) {
      throw new IllegalArgumentException("join code and facilitator key must not be empty");
    }
    String codeKey = services.hashes().joinCodeKey(joinCode);
    if (byCode.containsKey(codeKey)) {
      throw new IllegalArgumentException("join code already in use");
    }
    if (byId.size() >= MAX_GROUPS) {
      throw new IllegalStateException(
          "this server holds " + MAX_GROUPS + " groups at most; end one before creating another");
    }
    String id = idPrefix + groupNumber.incrementAndGet();
    GroupIdentity identity =
        GroupIdentity.of(
            id, name, joinCode, facilitatorKey, services.hashes(), System.currentTimeMillis());
    return add(new Group(identity, loops.next(), services, INITIAL_BPM, null));
  }

  /**
   * Brings back a group its journal kept, with its members disconnected and free to resume.
   *
   * @throws IllegalArgumentException if its id or join code is taken
   */
  public Group restore(SavedGroup saved) {
    GroupIdentity identity = saved.identity();
    if (byId.containsKey(identity.id()) || byCode.containsKey(identity.joinCodeKey())) {
      throw new IllegalArgumentException(
          "group " + identity.id() + " or its join code is already in use");
    }
    groupNumber.accumulateAndGet(numberOf(identity.id()), Math::max);
    return add(new Group(identity, loops.next(), services, INITIAL_BPM, saved));
  }

  /** Makes ids of new groups follow {@code id}'s number (a session on disk keeps its id). */
  public void reserveId(String id) {
    groupNumber.accumulateAndGet(numberOf(id), Math::max);
  }

  private long numberOf(String id) {
    if (id.startsWith(idPrefix)) {
      try {
        return Long.parseLong(id.substring(idPrefix.length()));
      } catch (NumberFormatException e) {
        return 0;
      }
    }
    return 0;
  }

  private Group add(Group group) {
    if (byCode.putIfAbsent(group.identity().joinCodeKey(), group) != null) {
      group.close();
      throw new IllegalArgumentException("join code already in use");
    }
    byId.put(group.id(), group);
    return group;
  }

  /** The group with this join code, as people type it (case and dashes do not matter). */
  public Optional<Group> findByCode(String joinCode) {
    return Optional.ofNullable(byCode.get(services.hashes().joinCodeKey(joinCode)));
  }

  public Optional<Group> findById(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  public Optional<Group> findBySessionToken(String token) {
    return Optional.ofNullable(byToken.get(SecretHashes.sessionTokenKey(token)));
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
    return services.stats();
  }

  @Override
  public void register(String sessionKey, Group group) {
    byToken.put(sessionKey, group);
  }

  @Override
  public void unregister(String sessionKey) {
    byToken.remove(sessionKey);
  }

  @Override
  public void ended(Group group) {
    byCode.remove(group.identity().joinCodeKey(), group);
    byId.remove(group.id(), group);
    log.info("group {} removed: its session ended", group.id());
  }
}
