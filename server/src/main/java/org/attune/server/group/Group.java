package org.attune.server.group;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.EventLoop;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.attune.clock.ServerClock;
import org.attune.clock.TapTempo;
import org.attune.clock.TempoMap;
import org.attune.form.FormStates;
import org.attune.protocol.v1.Accepted;
import org.attune.protocol.v1.ErrorCode;
import org.attune.protocol.v1.FacilitatorCommand;
import org.attune.protocol.v1.FormState;
import org.attune.protocol.v1.Gesture;
import org.attune.protocol.v1.MixerCommand;
import org.attune.protocol.v1.MixerState;
import org.attune.protocol.v1.GestureEvent;
import org.attune.protocol.v1.Quantize;
import org.attune.protocol.v1.Role;
import org.attune.protocol.v1.Roster;
import org.attune.protocol.v1.ServerMessage;
import org.attune.protocol.v1.SetTempo;
import org.attune.protocol.v1.Snapshot;
import org.attune.protocol.v1.StructureChange;
import org.attune.protocol.v1.Welcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One live session: its members, its shared tempo map and form, and the structure changes waiting
 * to take effect.
 *
 * <p>Thread-safe: no. Owned by one event loop ({@link #executor()}); every method but the
 * identity getters must be called there. Errors in a member's request are thrown as {@link
 * Refusal} before anything changes; the caller tells the member.
 */
public final class Group {

  private static final Logger log = LoggerFactory.getLogger(Group.class);
  /** Keep this much tempo-map history behind now, for gestures stamped a little in the past. */
  private static final long TEMPO_HISTORY_MICROS = 10_000_000;
  /** Meters go to facilitators this often: about 20 a second. */
  private static final long METER_PERIOD_MILLIS = 50;
  private static final Comparator<StructureChange> BY_EFFECT =
      Comparator.comparingLong(StructureChange::getEffectiveServerMicros)
          .thenComparingLong(StructureChange::getSequence);

  private final String id;
  private final String name;
  private final String joinCode;
  private final String facilitatorKey;
  private final EventLoop loop;
  private final ServerClock clock;
  private final GroupSettings settings;
  private final SessionIndex sessions;
  private final ByteBufAllocator alloc;
  private final GroupStats stats;
  private final GroupSound sound;
  private ScheduledFuture<?> meterTask;

  private final Map<String, Member> members = new LinkedHashMap<>();
  private final List<StructureChange> pending = new ArrayList<>();
  private final TapTempo tapTempo = new TapTempo();
  private TempoMap tempoMap;
  private FormState form = FormStates.initial();
  private long sequence;
  private int memberCount;

  /** Where session tokens are registered so that a resume finds its group. */
  public interface SessionIndex {
    void register(String token, Group group);

    void unregister(String token);
  }

  Group(
      String id,
      String name,
      String joinCode,
      String facilitatorKey,
      EventLoop loop,
      ServerClock clock,
      GroupSettings settings,
      SessionIndex sessions,
      ByteBufAllocator alloc,
      GroupStats stats,
      double initialBpm,
      GroupSound.Factory sounds) {
    this.id = id;
    this.name = name;
    this.joinCode = joinCode;
    this.facilitatorKey = facilitatorKey;
    this.loop = loop;
    this.clock = clock;
    this.settings = settings;
    this.sessions = sessions;
    this.alloc = alloc;
    this.stats = stats;
    this.tempoMap = TempoMap.steady(clock.nowMicros(), initialBpm);
    this.sound = sounds.create(this);
    sound.formChanged(tempoMap, form, pending);
    if (sound != GroupSound.SILENT) {
      meterTask = loop.scheduleAtFixedRate(this::sendMeters, METER_PERIOD_MILLIS, METER_PERIOD_MILLIS,
          TimeUnit.MILLISECONDS);
    }
  }

  // ---------------------------------------------------------------- identity (any thread)

  public String id() {
    return id;
  }

  public String name() {
    return name;
  }

  public String joinCode() {
    return joinCode;
  }

  public String facilitatorKey() {
    return facilitatorKey;
  }

  /** The event loop that owns this group. */
  public EventLoop executor() {
    return loop;
  }

  /** Ends the group's sound. Thread-safe: yes. */
  public void close() {
    if (meterTask != null) {
      meterTask.cancel(false);
    }
    sound.close();
  }

  // ---------------------------------------------------------------- membership

  /**
   * Admits a new member reached by {@code link}, tells it {@link Welcome} and everyone the roster.
   * {@code admitted} runs before the Welcome is sent, so that the transport knows the member before
   * the member can act.
   *
   * @throws Refusal for a wrong facilitator key or a full group
   */
  public Member join(JoinRequest request, MemberLink link, Consumer<Member> admitted)
      throws Refusal {
    if (request.role() == Role.FACILITATOR && !Secrets.matches(facilitatorKey, request.facilitatorKey())) {
      throw new Refusal(ErrorCode.BAD_FACILITATOR_KEY,
          "That facilitator key is not right for this group.");
    }
    if (members.size() >= settings.maxMembers()) {
      throw new Refusal(ErrorCode.GROUP_FULL,
          "This group is full (" + settings.maxMembers() + " members).");
    }
    String memberId = "m" + (++memberCount);
    Member member = new Member(memberId, request.name(), request.instrument(), request.role(),
        Secrets.sessionToken(), link);
    members.put(memberId, member);
    connected(member);
    sessions.register(member.sessionToken(), this);
    sound.joined(member);
    log.info("group {}: {} joined as {} over {}", id, memberId, request.role(), link.transport());
    admitted.accept(member);
    welcome(member);
    broadcastRoster();
    sendMixerState();
    return member;
  }

  /**
   * Gives a dropped member's place back to it on a new link; {@code admitted} runs before the
   * Welcome is sent.
   *
   * @throws Refusal if the token no longer names a member here
   */
  public Member resume(String sessionToken, MemberLink link, Consumer<Member> admitted)
      throws Refusal {
    Member member = members.values().stream()
        .filter(m -> Secrets.matches(m.sessionToken(), sessionToken))
        .findFirst()
        .orElseThrow(() -> new Refusal(ErrorCode.UNKNOWN_SESSION,
            "That session has ended; please join again."));
    MemberLink old = member.link();
    if (old != null) {
      disconnected(member);
    }
    member.attach(link);
    connected(member);
    if (old != null && old != link) {
      old.close();
    }
    log.info("group {}: {} resumed over {}", id, member.id(), link.transport());
    admitted.accept(member);
    welcome(member);
    broadcastRoster();
    if (member.role() == Role.FACILITATOR) {
      member.link().send(ServerMessage.newBuilder().setMixerState(sound.state()).build());
    }
    return member;
  }

  /** Removes a member for good; its token stops working. */
  public void leave(String memberId) {
    Member member = members.remove(memberId);
    if (member == null) {
      return;
    }
    if (member.isConnected()) {
      disconnected(member);
    }
    sessions.unregister(member.sessionToken());
    sound.left(member);
    log.info("group {}: {} left", id, memberId);
    broadcastRoster();
    sendMixerState();
  }

  /**
   * Notes that {@code link} to a member went down; the member may resume within the grace period.
   * A stale link (already replaced by a resume) is ignored.
   */
  public void linkLost(String memberId, MemberLink link) {
    Member member = members.get(memberId);
    if (member == null || member.link() != link) {
      return;
    }
    long now = clock.nowMicros();
    disconnected(member);
    member.detach(now);
    log.info("group {}: {} disconnected", id, memberId);
    broadcastRoster();
    loop.schedule(() -> expire(memberId, now), settings.resumeGraceMicros(), TimeUnit.MICROSECONDS);
  }

  private void expire(String memberId, long disconnectedAt) {
    Member member = members.get(memberId);
    if (member != null && !member.isConnected() && member.disconnectedAtMicros() == disconnectedAt) {
      leave(memberId);
    }
  }

  /** The member's link can take writes again: if it missed messages, it gets a snapshot. */
  public void linkWritable(String memberId) {
    Member member = members.get(memberId);
    if (member != null && member.isConnected() && member.needsSnapshot()
        && member.link().isWritable()) {
      caughtUp(member);
      member.link().send(ServerMessage.newBuilder().setSnapshot(snapshot()).build());
      member.stats().snapshotsForLagging.increment();
    }
  }

  /** Records a member's measured round trip, which sizes the look-ahead. */
  public void reportRtt(String memberId, long rttMicros) {
    Member member = members.get(memberId);
    if (member != null && rttMicros > 0) {
      member.rttMicros(Math.min(rttMicros, settings.maxLookaheadMicros()));
    }
  }

  // ---------------------------------------------------------------- music

  /**
   * Relays a gesture to every other member, with its sounding pitch.
   *
   * @throws Refusal if the member may not play or the gesture is out of range
   */
  public void gesture(String memberId, Gesture gesture, long receivedMicros) throws Refusal {
    Member member = members.get(memberId);
    if (member == null) {
      throw new Refusal(ErrorCode.NOT_JOINED, "Join the group before playing.");
    }
    if (member.role() == Role.LISTENER) {
      throw new Refusal(ErrorCode.FORBIDDEN, "Listeners can hear the group but not play.");
    }
    Gesture normal = GestureRules.normalize(gesture, receivedMicros);
    long playedAt = normal.getPlayedAtServerMicros();
    double beat = tempoMap.beatAt(playedAt);
    int pitch = GestureRules.resolvePitch(normal, formAt(playedAt), beat);
    GestureEvent event = GestureEvent.newBuilder()
        .setParticipantId(memberId)
        .setGesture(normal)
        .setServerReceiveMicros(receivedMicros)
        .setResolvedPitch(pitch)
        .setBeat(beat)
        .build();
    member.stats().gesturesIn.increment();
    sound.played(member, normal, pitch, playedAt);
    fanOut(ServerMessage.newBuilder().setGesture(event).build(), member, false);
  }

  /**
   * Schedules a facilitator command as a structure change and sends it to every member.
   *
   * @throws Refusal if the member is not the facilitator or the command is invalid
   */
  public void command(String memberId, long requestId, FacilitatorCommand command, long receivedMicros)
      throws Refusal {
    Member member = members.get(memberId);
    if (member == null) {
      throw new Refusal(ErrorCode.NOT_JOINED, "Join the group first.");
    }
    if (member.role() != Role.FACILITATOR) {
      throw new Refusal(ErrorCode.FORBIDDEN,
          "Only the facilitator can change the tempo, form or dynamics.");
    }
    if (command.hasTapTempo()) {
      OptionalDouble bpm = tapTempo.tap(receivedMicros);
      if (bpm.isEmpty()) {
        member.link().send(accepted(requestId, 0, 0, 0));
        return;
      }
      command = FacilitatorCommand.newBuilder()
          .setQuantize(Quantize.newBuilder().setBoundary(Quantize.Boundary.NEXT_BEAT))
          .setTempo(SetTempo.newBuilder().setBpm(Math.rint(bpm.getAsDouble())))
          .build();
    }
    long now = clock.nowMicros();
    StructurePlanner.Plan plan =
        StructurePlanner.plan(command, tempoMap, this::formAt, now + lookaheadMicros());
    StructureChange change = StructureChange.newBuilder()
        .setSequence(++sequence)
        .setEffectiveBeat(plan.beat())
        .setEffectiveServerMicros(plan.micros())
        .setTempoMap(plan.tempoMap().prunedBefore(now - TEMPO_HISTORY_MICROS).toProto())
        .setForm(plan.patch())
        .setDescription(plan.description())
        .build();
    tempoMap = plan.tempoMap();
    pending.add(change);
    pending.sort(BY_EFFECT);
    sound.formChanged(tempoMap, form, pending);
    loop.schedule(this::applyDueChanges, Math.max(0, plan.micros() - now), TimeUnit.MICROSECONDS);
    stats.structureChanges.increment();
    log.info("group {}: change {} '{}' at beat {} ({} µs ahead)", id, change.getSequence(),
        change.getDescription(), plan.beat(), plan.micros() - now);
    member.link().send(accepted(requestId, change.getSequence(), plan.beat(), plan.micros()));
    fanOut(ServerMessage.newBuilder().setStructureChange(change).build(), null, true);
  }

  /**
   * Applies a facilitator's mixer command at once, answers it with {@link Accepted} and sends the
   * new mix to every facilitator.
   *
   * @throws Refusal if the member is not the facilitator or the command is invalid
   */
  public void mixer(String memberId, long requestId, MixerCommand command) throws Refusal {
    Member member = members.get(memberId);
    if (member == null) {
      throw new Refusal(ErrorCode.NOT_JOINED, "Join the group first.");
    }
    if (member.role() != Role.FACILITATOR) {
      throw new Refusal(ErrorCode.FORBIDDEN, "Only the facilitator can change the mix.");
    }
    sound.mix(command);
    log.info("group {}: mixer {}", id, command.getKindCase());
    member.link().send(accepted(requestId, 0, 0, 0));
    sendMixerState();
  }

  /** The group's mix now. */
  public MixerState mixerState() {
    return sound.state();
  }

  private void sendMixerState() {
    sendToFacilitators(ServerMessage.newBuilder().setMixerState(sound.state()).build());
  }

  private void sendMeters() {
    if (hasConnectedFacilitator()) {
      sound.meters(clock.nowMicros()).ifPresent(m ->
          sendToFacilitators(ServerMessage.newBuilder().setMeters(m).build()));
    }
  }

  private boolean hasConnectedFacilitator() {
    for (Member m : members.values()) {
      if (m.role() == Role.FACILITATOR && m.isConnected()) {
        return true;
      }
    }
    return false;
  }

  /** Sends to connected, writable facilitators; a lagging one gets the state in its snapshot. */
  private void sendToFacilitators(ServerMessage message) {
    for (Member m : members.values()) {
      if (m.role() == Role.FACILITATOR && m.isConnected() && m.link().isWritable()) {
        m.link().send(message);
      }
    }
  }

  /** Moves the changes whose time has come from pending into the current form. */
  private void applyDueChanges() {
    long now = clock.nowMicros();
    while (!pending.isEmpty() && pending.get(0).getEffectiveServerMicros() - now <= 0) {
      form = FormStates.apply(form, pending.remove(0).getForm());
    }
    tempoMap = tempoMap.prunedBefore(now - TEMPO_HISTORY_MICROS);
  }

  /** The form in effect at server time {@code micros}, pending changes included. */
  FormState formAt(long micros) {
    FormState f = form;
    for (StructureChange change : pending) {
      if (change.getEffectiveServerMicros() - micros > 0) {
        break;
      }
      f = FormStates.apply(f, change.getForm());
    }
    return f;
  }

  /**
   * How far ahead a change must be scheduled: at least the configured minimum, and twice the
   * slowest connected member's round trip, so that the change reaches it in time.
   */
  long lookaheadMicros() {
    long slowest = 0;
    for (Member m : members.values()) {
      slowest = Math.max(slowest, m.rttMicros());
    }
    return Math.min(settings.maxLookaheadMicros(),
        Math.max(settings.minLookaheadMicros(), 2 * slowest + settings.minLookaheadMicros() / 2));
  }

  /** The group's whole state now. */
  public Snapshot snapshot() {
    long now = clock.nowMicros();
    applyDueChanges();
    return Snapshot.newBuilder()
        .setServerNowMicros(now)
        .setTempoMap(tempoMap.toProto())
        .setForm(form)
        .addAllPending(pending)
        .setRoster(roster())
        .setLastSequence(sequence)
        .setLookaheadMicros(lookaheadMicros())
        .build();
  }

  public Roster roster() {
    Roster.Builder roster = Roster.newBuilder();
    for (Member m : members.values()) {
      roster.addMembers(m.toProto());
    }
    return roster.build();
  }

  /** Number of members, connected or not. */
  public int size() {
    return members.size();
  }

  // ---------------------------------------------------------------- member counts

  /** Counts a member whose link was just attached as connected over that link's transport. */
  private void connected(Member member) {
    member.stats(stats.members(member.link().transport()));
    member.stats().addConnected(member.role(), 1);
  }

  /** Counts a member whose link is about to go as no longer connected, nor lagging. */
  private void disconnected(Member member) {
    member.stats().addConnected(member.role(), -1);
    caughtUp(member);
  }

  private void fellBehind(Member member) {
    if (!member.needsSnapshot()) {
      member.needsSnapshot(true);
      member.stats().addLagging(1);
    }
  }

  private void caughtUp(Member member) {
    if (member.needsSnapshot()) {
      member.needsSnapshot(false);
      member.stats().addLagging(-1);
    }
  }

  // ---------------------------------------------------------------- fan-out

  private void welcome(Member member) {
    member.link().send(ServerMessage.newBuilder()
        .setWelcome(Welcome.newBuilder()
            .setParticipantId(member.id())
            .setRole(member.role())
            .setSessionToken(member.sessionToken())
            .setGroupId(id)
            .setSnapshot(snapshot()))
        .build());
  }

  private void broadcastRoster() {
    fanOut(ServerMessage.newBuilder().setRoster(roster()).build(), null, true);
  }

  /**
   * Sends one encoding of {@code message} to every connected member but {@code except}. A lagging
   * member (link not writable) is skipped: gestures to it are counted as dropped, and for state
   * messages it is marked to get a snapshot, which supersedes them, once it can take writes again.
   */
  private void fanOut(ServerMessage message, Member except, boolean state) {
    long start = System.nanoTime();
    Broadcast broadcast = new Broadcast(message, alloc);
    try {
      for (Member m : members.values()) {
        if (m == except || !m.isConnected()) {
          continue;
        }
        if (!m.link().isWritable()) {
          fellBehind(m);
          if (!state) {
            m.stats().gesturesDroppedLagging.increment();
          }
          continue;
        }
        m.link().send(broadcast);
        if (!state) {
          m.stats().gesturesOut.increment();
        }
      }
    } finally {
      broadcast.release();
    }
    stats.recordFanOut(state, System.nanoTime() - start);
  }

  private static ServerMessage accepted(long requestId, long sequence, double beat, long micros) {
    return ServerMessage.newBuilder()
        .setAccepted(Accepted.newBuilder()
            .setRequestId(requestId)
            .setChangeSequence(sequence)
            .setEffectiveBeat(beat)
            .setEffectiveServerMicros(micros))
        .build();
  }
}
