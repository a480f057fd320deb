package org.attune.server.group;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.EventLoop;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.attune.clock.ServerClock;
import org.attune.clock.TapTempo;
import org.attune.clock.TempoMap;
import org.attune.form.FormLimits;
import org.attune.form.FormStates;
import org.attune.form.Quantizer;
import org.attune.mixer.MixerLimits;
import org.attune.protocol.v1.Accepted;
import org.attune.protocol.v1.ErrorCode;
import org.attune.protocol.v1.FacilitatorCommand;
import org.attune.protocol.v1.FollowMember;
import org.attune.protocol.v1.FormState;
import org.attune.protocol.v1.Gesture;
import org.attune.protocol.v1.GestureEvent;
import org.attune.protocol.v1.MixerCommand;
import org.attune.protocol.v1.MixerState;
import org.attune.protocol.v1.Observations;
import org.attune.protocol.v1.Quantize;
import org.attune.protocol.v1.RecordCommand;
import org.attune.protocol.v1.RecordingState;
import org.attune.protocol.v1.Role;
import org.attune.protocol.v1.Roster;
import org.attune.protocol.v1.ServerMessage;
import org.attune.protocol.v1.SessionEnded;
import org.attune.protocol.v1.SetSpotlight;
import org.attune.protocol.v1.SetTempo;
import org.attune.protocol.v1.SetTurns;
import org.attune.protocol.v1.Snapshot;
import org.attune.protocol.v1.StreamRequest;
import org.attune.protocol.v1.StructureChange;
import org.attune.protocol.v1.Welcome;
import org.attune.server.observe.LiveObservations;
import org.attune.server.observe.TempoFollower;
import org.attune.server.time.ClockTimer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One live session: its members, its shared tempo map and form, and the structure changes waiting
 * to take effect.
 *
 * <p>Thread-safe: no. Owned by one event loop ({@link #executor()}); every method but the identity
 * getters must be called there. Errors in a member's request are thrown as {@link Refusal} before
 * anything changes; the caller tells the member.
 */
public final class Group {

  private static final Logger log = LoggerFactory.getLogger(Group.class);

  /** Keep this much tempo-map history behind now, for gestures stamped a little in the past. */
  private static final long TEMPO_HISTORY_MICROS = 10_000_000;

  /**
   * Structure changes that may wait to take effect at once; one more is refused until one has
   * happened. Each carries the tempo map it makes, so a snapshot grows with their square: this and
   * {@link #MAX_PENDING_BYTES} keep a {@code Welcome} well inside the 64 KiB a client accepts.
   */
  static final int MAX_PENDING_CHANGES = 16;

  /**
   * The pending changes' encoded size at most: with the largest roster (64 members with names of 64
   * four-byte characters, about 34 KiB) a snapshot stays under 60 KiB.
   */
  static final int MAX_PENDING_BYTES = 16 * 1024;

  /** Meters go to facilitators this often: about 20 a second. */
  private static final long METER_PERIOD_MILLIS = 50;

  /** How often facilitators get the members' {@code Observations}. */
  static final long OBSERVATIONS_PERIOD_MILLIS = 2_000;

  private static final Comparator<StructureChange> BY_EFFECT =
      Comparator.comparingLong(StructureChange::getEffectiveServerMicros)
          .thenComparingLong(StructureChange::getSequence);

  private final GroupIdentity identity;
  private final EventLoop loop;
  private final ServerClock clock;

  /** The spotlight going round the group, if it does, and the timer of its next bar line. */
  private SpotlightTurns turns;

  private ClockTimer.Pending turnTimer;

  /** How soon a bar line of the turns that falls in a fermata is looked at again. */
  private static final long TURN_RECHECK_MICROS = 100_000;

  /** A bar line's beat read a little inside its bar, so rounding cannot count the bar before. */
  private static final double BAR_LINE_EPSILON = 1e-6;

  /** Whose tempo the group follows, if anyone's. */
  private TempoFollower follower;

  /** Every timer of the group, set on {@link #clock}. */
  private final ClockTimer timer;

  private final GroupSettings settings;
  private final SessionIndex sessions;
  private final ByteBufAllocator alloc;
  private final GroupStats stats;
  private final GroupSound sound;
  private final GroupJournal journal;
  private ScheduledFuture<?> meterTask;
  private ScheduledFuture<?> idleTask;
  private ScheduledFuture<?> observeTask;
  private final LiveObservations observations = new LiveObservations();

  /** Since when no member has been connected, or -1 while one is. */
  private long quietSinceMicros;

  private boolean ended;

  private final Map<String, Member> members = new LinkedHashMap<>();
  private final List<StructureChange> pending = new ArrayList<>();
  private final TapTempo tapTempo = new TapTempo();
  private TempoMap tempoMap;
  private FormState form = FormStates.initial();
  private long sequence;
  private int memberCount;

  /** Where session tokens (by their {@link SecretHashes#sessionTokenKey}) find their group. */
  public interface SessionIndex {
    void register(String sessionKey, Group group);

    void unregister(String sessionKey);

    /** The group's session is over: it takes no one in any more. */
    void ended(Group group);
  }

  /**
   * A group at {@code initialBpm} from beat 0 now, or, with {@code saved}, the group its journal
   * left, brought back on this server's clock with its members disconnected.
   */
  Group(
      GroupIdentity identity,
      EventLoop loop,
      GroupServices services,
      double initialBpm,
      SavedGroup saved) {
    this.identity = identity;
    this.loop = loop;
    this.clock = services.clock();
    this.timer = new ClockTimer(loop, clock);
    this.settings = services.settings();
    this.sessions = services.sessions();
    this.alloc = services.alloc();
    this.stats = services.stats();
    this.journal = services.journals().open(identity.id());
    long now = clock.nowMicros();
    this.quietSinceMicros = now;
    if (saved == null) {
      this.tempoMap = TempoMap.steady(now, initialBpm);
      journal.append(GroupRecords.created(now, identity, initialBpm));
    } else {
      restore(saved, -services.epochMicrosAtZero());
    }
    journal.append(GroupRecords.anchor(now, services.epochMicrosAtZero()));
    this.sound = services.sounds().create(this);
    for (Member m : members.values()) {
      sound.joined(m);
    }
    sound.formChanged(tempoMap, form, pending);
    if (saved != null && sound != GroupSound.SILENT) {
      remix(saved.mixerCommands());
    }
    if (sound != GroupSound.SILENT) {
      meterTask =
          timer.every(TimeUnit.MILLISECONDS.toMicros(METER_PERIOD_MILLIS), this::sendMeters);
    }
    long idleCheck = Math.max(1, Math.min(settings.idleEndMicros() / 4, 60_000_000));
    idleTask = timer.every(idleCheck, this::endIfIdle);
    observeTask =
        timer.every(
            TimeUnit.MILLISECONDS.toMicros(OBSERVATIONS_PERIOD_MILLIS), this::sendObservations);
  }

  /**
   * Takes the state a journal left: the tempo map and changes moved onto this clock ({@code
   * shiftMicros} from the wall timeline), the form the due changes make, the members, each
   * disconnected and given the grace period to resume from now.
   */
  private void restore(SavedGroup saved, long shiftMicros) {
    tempoMap = saved.tempoMap().shiftedBy(shiftMicros);
    for (StructureChange change : saved.changes()) {
      pending.add(
          change.toBuilder()
              .setEffectiveServerMicros(change.getEffectiveServerMicros() + shiftMicros)
              .setTempoMap(
                  TempoMap.fromProto(change.getTempoMap()).shiftedBy(shiftMicros).toProto())
              .build());
    }
    pending.sort(BY_EFFECT);
    sequence = saved.lastSequence();
    memberCount = saved.lastMemberNumber();
    quietSinceMicros = saved.lastActivityEpochMicros() + shiftMicros;
    applyDueChanges();
    long now = clock.nowMicros();
    for (SavedGroup.SavedMember m : saved.members()) {
      Member member = new Member(m.id(), m.name(), m.instrument(), m.role(), m.sessionKey(), null);
      member.detach(now);
      members.put(m.id(), member);
      sessions.register(m.sessionKey(), this);
      timer.at(now + settings.resumeGraceMicros(), () -> expire(m.id(), now));
    }
    for (StructureChange change : pending) {
      timer.at(change.getEffectiveServerMicros(), this::applyDueChanges);
    }
  }

  /** Replays the mixer commands a journal kept; one the sound refuses now is skipped, and said. */
  private void remix(List<MixerCommand> commands) {
    for (MixerCommand command : commands) {
      try {
        sound.mix(command);
      } catch (Refusal r) {
        log.warn(
            "group {}: a journaled mixer command no longer applies ({}): {}",
            identity.id(),
            r.getMessage(),
            command);
      }
    }
  }

  // ---------------------------------------------------------------- identity (any thread)

  public String id() {
    return identity.id();
  }

  public String name() {
    return identity.name();
  }

  /**
   * The join code, known in the clear only to the run of the server that made it.
   *
   * @throws IllegalStateException for a group restored from its journal, which keeps only hashes
   *     ({@link #secretsKnown})
   */
  public String joinCode() {
    return identity.joinCode().orElseThrow(this::secretsHashed);
  }

  /**
   * The facilitator key, known in the clear only to the run of the server that made it.
   *
   * @throws IllegalStateException for a group restored from its journal
   */
  public String facilitatorKey() {
    return identity.facilitatorKey().orElseThrow(this::secretsHashed);
  }

  /** Whether this run made the group and so knows its join code and facilitator key. */
  public boolean secretsKnown() {
    return identity.joinCode().isPresent();
  }

  private IllegalStateException secretsHashed() {
    return new IllegalStateException(
        "group "
            + identity.id()
            + " was restored from its journal,"
            + " which keeps its join code and facilitator key only as hashes");
  }

  /** Who the group is, with its secrets as hashes. */
  public GroupIdentity identity() {
    return identity;
  }

  /** The event loop that owns this group. */
  public EventLoop executor() {
    return loop;
  }

  /** Ends the group's sound and timers (not its session: see {@link #end}). Thread-safe: yes. */
  public void close() {
    stopTurns();
    if (meterTask != null) {
      meterTask.cancel(false);
    }
    if (observeTask != null) {
      observeTask.cancel(false);
    }
    if (idleTask != null) {
      idleTask.cancel(false);
    }
    sound.close();
  }

  // ---------------------------------------------------------------- the end of the session

  /**
   * Ends the session at the facilitator's word: see {@link #end(String)}.
   *
   * @throws Refusal if the member is not the facilitator
   */
  public void end(String memberId, long requestId) throws Refusal {
    Member member = members.get(memberId);
    if (member == null) {
      throw new Refusal(ErrorCode.NOT_JOINED, "Join the group first.");
    }
    if (member.role() != Role.FACILITATOR) {
      throw new Refusal(ErrorCode.FORBIDDEN, "Only the facilitator can end the session.");
    }
    member.link().send(accepted(requestId, 0, 0, 0));
    end("The facilitator ended the session.");
  }

  /**
   * Ends the session: every connected member hears {@code reason} and is let go, the join code and
   * session tokens stop working, the journal notes the end (a restarted server will not bring the
   * group back; the session stays on disk until deleted) and the group falls silent.
   */
  public void end(String reason) {
    if (ended) {
      return;
    }
    ended = true;
    sessions.ended(this);
    ServerMessage message =
        ServerMessage.newBuilder()
            .setSessionEnded(SessionEnded.newBuilder().setReason(reason))
            .build();
    for (Member m : members.values()) {
      sessions.unregister(m.sessionKey());
      if (m.isConnected()) {
        MemberLink link = m.link();
        disconnected(m);
        m.detach(clock.nowMicros());
        link.send(message);
        link.close();
      }
    }
    members.clear();
    journal.append(GroupRecords.ended(clock.nowMicros(), reason));
    close();
    log.info("group {}: session ended: {}", identity.id(), reason);
  }

  /** True once the session has ended. */
  public boolean hasEnded() {
    return ended;
  }

  private void endIfIdle() {
    if (!ended
        && quietSinceMicros >= 0
        && clock.nowMicros() - quietSinceMicros >= settings.idleEndMicros()) {
      end(
          "The session ended after "
              + settings.idleEndMicros() / 60_000_000
              + " minutes without anyone connected.");
    }
  }

  /** Notes, after a member came or went, whether anyone is connected. */
  private void updateQuiet() {
    boolean anyone = members.values().stream().anyMatch(Member::isConnected);
    if (anyone) {
      quietSinceMicros = -1;
    } else if (quietSinceMicros < 0) {
      quietSinceMicros = clock.nowMicros();
    }
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
    if (ended) {
      throw new Refusal(ErrorCode.UNKNOWN_GROUP, "This session has ended.");
    }
    if (request.role() == Role.FACILITATOR
        && !identity.isFacilitatorKey(request.facilitatorKey())) {
      throw new Refusal(
          ErrorCode.BAD_FACILITATOR_KEY, "That facilitator key is not right for this group.");
    }
    makeRoom(request.role());
    String memberId = "m" + (++memberCount);
    String token = Secrets.sessionToken();
    Member member =
        new Member(
            memberId,
            request.name(),
            request.instrument(),
            request.role(),
            SecretHashes.sessionTokenKey(token),
            link);
    members.put(memberId, member);
    connected(member);
    sessions.register(member.sessionKey(), this);
    sound.joined(member);
    journal.append(GroupRecords.joined(clock.nowMicros(), member, false));
    log.info("group {}: {} joined as {} over {}", id(), memberId, request.role(), link.transport());
    admitted.accept(member);
    welcome(member, token);
    broadcastRoster();
    sendMixerState();
    lostIfClosed(member, link);
    return member;
  }

  /**
   * Makes sure a member in {@code role} fits: facilitators have {@link
   * GroupSettings#FACILITATOR_PLACES} places of their own, the others share the rest. Where the
   * places of the role are all taken, the member of that role that dropped longest ago gives up its
   * place (its session ends, its token stops working), if it dropped at least {@link
   * GroupSettings#placeKeptMicros} ago (a facilitator's place: whenever it dropped, as only the key
   * holder takes it).
   *
   * @throws Refusal GROUP_FULL if no place can be made
   */
  private void makeRoom(Role role) throws Refusal {
    boolean facilitator = role == Role.FACILITATOR;
    int places = facilitator ? GroupSettings.FACILITATOR_PLACES : settings.memberPlaces();
    int taken = 0;
    Member longestGone = null;
    for (Member m : members.values()) {
      if ((m.role() == Role.FACILITATOR) != facilitator) {
        continue;
      }
      taken++;
      if (!m.isConnected()
          && (longestGone == null
              || m.disconnectedAtMicros() - longestGone.disconnectedAtMicros() < 0)) {
        longestGone = m;
      }
    }
    if (taken < places) {
      return;
    }
    long now = clock.nowMicros();
    if (longestGone != null
        && (facilitator
            || now - longestGone.disconnectedAtMicros() >= settings.placeKeptMicros())) {
      log.info(
          "group {}: {} gives its place to a new {}: it dropped {} s ago and the group is full",
          id(),
          longestGone.id(),
          role,
          (now - longestGone.disconnectedAtMicros()) / 1_000_000);
      stats.placesReclaimed.increment();
      leave(longestGone.id());
      return;
    }
    throw new Refusal(
        ErrorCode.GROUP_FULL,
        facilitator
            ? "This group has " + places + " facilitators connected already; one must leave first."
            : "This group is full ("
                + places
                + " members connected or just dropped); please ask your facilitator.");
  }

  /**
   * Gives a dropped member's place back to it on a new link; {@code admitted} runs before the
   * Welcome is sent.
   *
   * @throws Refusal if the token no longer names a member here
   */
  public Member resume(String sessionToken, MemberLink link, Consumer<Member> admitted)
      throws Refusal {
    String key = SecretHashes.sessionTokenKey(sessionToken);
    Member member =
        members.values().stream()
            .filter(m -> m.sessionKey().equals(key))
            .findFirst()
            .orElseThrow(
                () ->
                    new Refusal(
                        ErrorCode.UNKNOWN_SESSION, "That session has ended; please join again."));
    MemberLink old = member.link();
    if (old != null) {
      disconnected(member);
    }
    member.attach(link);
    connected(member);
    if (old != null && old != link) {
      old.send(
          ServerMessage.newBuilder()
              .setError(
                  org.attune.protocol.v1.Error.newBuilder()
                      .setCode(ErrorCode.RESUMED_ELSEWHERE)
                      .setMessage(
                          "This membership was resumed on another connection; this one closes."))
              .build());
      old.close();
    }
    journal.append(GroupRecords.joined(clock.nowMicros(), member, true));
    log.info("group {}: {} resumed over {}", id(), member.id(), link.transport());
    admitted.accept(member);
    welcome(member, sessionToken);
    broadcastRoster();
    if (member.hearsMix()) {
      member.link().send(ServerMessage.newBuilder().setMixerState(mixerState()).build());
    }
    lostIfClosed(member, link);
    return member;
  }

  /**
   * A link that ended while its member was being admitted (the transport saw it end before it knew
   * the member) is lost now: otherwise the member would stay "connected" to a closed link.
   */
  private void lostIfClosed(Member member, MemberLink link) {
    if (!link.isOpen()) {
      linkLost(member.id(), link);
    }
  }

  /** Removes a member for good; its token stops working. */
  public void leave(String memberId) {
    Member member = members.remove(memberId);
    observations.left(memberId);
    if (follower != null && follower.memberId().equals(memberId)) {
      stopFollowing("the member left");
    }
    if (member == null) {
      return;
    }
    if (member.isConnected()) {
      disconnected(member);
    }
    sessions.unregister(member.sessionKey());
    sound.left(member);
    journal.append(GroupRecords.left(clock.nowMicros(), memberId));
    updateQuiet();
    log.info("group {}: {} left", id(), memberId);
    broadcastRoster();
    sendMixerState();
  }

  /**
   * Removes another member at the facilitator's word: it hears {@link SessionEnded} and is let go,
   * and its token stops working (it may join again with the code).
   *
   * @throws Refusal if the member is not the facilitator, or names no other member
   */
  public void remove(String memberId, long requestId, String removedId) throws Refusal {
    Member member = members.get(memberId);
    if (member == null) {
      throw new Refusal(ErrorCode.NOT_JOINED, "Join the group first.");
    }
    if (member.role() != Role.FACILITATOR) {
      throw new Refusal(ErrorCode.FORBIDDEN, "Only the facilitator can remove a member.");
    }
    Member removed = members.get(removedId);
    if (removed == null || removed == member) {
      throw new Refusal(
          ErrorCode.INVALID_ARGUMENT,
          removed == null
              ? "No member \"" + removedId + "\" is in this group."
              : "To leave the group yourself, send Leave.");
    }
    member.link().send(accepted(requestId, 0, 0, 0));
    if (removed.isConnected()) {
      removed
          .link()
          .send(
              ServerMessage.newBuilder()
                  .setSessionEnded(
                      SessionEnded.newBuilder()
                          .setReason("The facilitator removed you from the session."))
                  .build());
      removed.link().close();
    }
    log.info("group {}: {} removed {}", id(), memberId, removedId);
    leave(removedId);
  }

  /**
   * Notes that {@code link} to a member went down: a member that can resume ({@link
   * MemberLink#resumable()}) keeps its place for the grace period, another leaves. A stale link
   * (already replaced by a resume) is ignored.
   */
  public void linkLost(String memberId, MemberLink link) {
    Member member = members.get(memberId);
    if (member == null || member.link() != link) {
      return;
    }
    if (!link.resumable()) {
      leave(memberId);
      return;
    }
    long now = clock.nowMicros();
    disconnected(member);
    member.detach(now);
    updateQuiet();
    log.info("group {}: {} disconnected", id(), memberId);
    broadcastRoster();
    timer.at(now + settings.resumeGraceMicros(), () -> expire(memberId, now));
  }

  private void expire(String memberId, long disconnectedAt) {
    Member member = members.get(memberId);
    if (member != null
        && !member.isConnected()
        && member.disconnectedAtMicros() == disconnectedAt) {
      leave(memberId);
    }
  }

  /** The member's link can take writes again: if it missed messages, it gets a snapshot. */
  public void linkWritable(String memberId) {
    Member member = members.get(memberId);
    if (member != null
        && member.isConnected()
        && member.needsSnapshot()
        && member.link().isWritable()) {
      caughtUp(member);
      member.link().send(ServerMessage.newBuilder().setSnapshot(snapshot()).build());
      if (member.hearsMix()) {
        // The snapshot has no mix, and the changes it missed may have been to the mix.
        member.link().send(ServerMessage.newBuilder().setMixerState(mixerState()).build());
      }
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
    if (!member.gestureBudget().tryTake(receivedMicros)) {
      member.stats().gesturesRateLimited.increment();
      if (member.gestureBudget().shouldTell(receivedMicros)) {
        throw new Refusal(
            ErrorCode.RATE_LIMITED,
            "Too many gestures: at most "
                + GestureBudget.PER_SECOND
                + " a second (bursts of "
                + GestureBudget.BURST
                + ") are relayed; the rest are dropped.");
      }
      return;
    }
    Gesture normal = GestureRules.normalize(gesture, receivedMicros);
    long playedAt = normal.getPlayedAtServerMicros();
    double beat = tempoMap.beatAt(playedAt);
    int pitch = GestureRules.resolvePitch(normal, formAt(playedAt), beat);
    GestureEvent event =
        GestureEvent.newBuilder()
            .setParticipantId(memberId)
            .setGesture(normal)
            .setServerReceiveMicros(receivedMicros)
            .setResolvedPitch(pitch)
            .setBeat(beat)
            .build();
    member.stats().gesturesIn.increment();
    sound.played(member, normal, pitch, playedAt);
    observations.played(memberId, normal, pitch, beat, tempoMap);
    if (follower != null
        && follower.memberId().equals(memberId)
        && LiveObservations.isOnset(normal)) {
      followed(playedAt);
    }
    journal.append(GroupRecords.gesture(event));
    fanOut(ServerMessage.newBuilder().setGesture(event).build(), member, false);
  }

  /**
   * Schedules a facilitator command as a structure change and sends it to every member.
   *
   * @throws Refusal if the member is not the facilitator or the command is invalid
   */
  public void command(
      String memberId, long requestId, FacilitatorCommand command, long receivedMicros)
      throws Refusal {
    Member member = members.get(memberId);
    if (member == null) {
      throw new Refusal(ErrorCode.NOT_JOINED, "Join the group first.");
    }
    if (member.role() != Role.FACILITATOR) {
      throw new Refusal(
          ErrorCode.FORBIDDEN, "Only the facilitator can change the tempo, form or dynamics.");
    }
    if (command.hasTapTempo()) {
      OptionalDouble bpm = tapTempo.tap(receivedMicros);
      if (bpm.isEmpty()) {
        member.link().send(accepted(requestId, 0, 0, 0));
        return;
      }
      command =
          FacilitatorCommand.newBuilder()
              .setQuantize(Quantize.newBuilder().setBoundary(Quantize.Boundary.NEXT_BEAT))
              .setTempo(SetTempo.newBuilder().setBpm(Math.rint(bpm.getAsDouble())))
              .build();
    }
    if (command.hasFollow()) {
      follow(command.getFollow());
      member.link().send(accepted(requestId, 0, 0, 0));
      return;
    }
    StructureChange change = schedule(command);
    if (command.hasTempo() || command.hasTapTempo()) {
      stopFollowing("the facilitator set the tempo");
    }
    member
        .link()
        .send(
            accepted(
                requestId,
                change.getSequence(),
                change.getEffectiveBeat(),
                change.getEffectiveServerMicros()));
    fanOut(ServerMessage.newBuilder().setStructureChange(change).build(), null, true);
  }

  /**
   * Plans {@code command} as the group's next structure change and keeps it to take effect; the
   * caller answers and sends it.
   *
   * @throws Refusal if the command is invalid, too soon or too far, or too many changes wait
   */
  private StructureChange schedule(FacilitatorCommand command) throws Refusal {
    long now = clock.nowMicros();
    applyDueChanges();
    if (pending.size() >= MAX_PENDING_CHANGES) {
      throw new Refusal(
          ErrorCode.INVALID_ARGUMENT,
          MAX_PENDING_CHANGES
              + " changes are already waiting to take effect; let one happen before adding more.");
    }
    StructurePlanner.Plan plan =
        StructurePlanner.plan(command, tempoMap, this::formAt, now + lookaheadMicros());
    StructureChange change =
        StructureChange.newBuilder()
            .setSequence(sequence + 1)
            .setEffectiveBeat(plan.beat())
            .setEffectiveServerMicros(plan.micros())
            .setTempoMap(plan.tempoMap().prunedBefore(now - TEMPO_HISTORY_MICROS).toProto())
            .setForm(plan.patch())
            .setDescription(plan.description())
            .build();
    if (pendingBytes() + change.getSerializedSize() > MAX_PENDING_BYTES) {
      throw new Refusal(
          ErrorCode.INVALID_ARGUMENT,
          "The changes waiting to take effect are too many to add this one;"
              + " let one happen before adding more.");
    }
    sequence++;
    tempoMap = plan.tempoMap();
    pending.add(change);
    pending.sort(BY_EFFECT);
    sound.formChanged(tempoMap, form, pending);
    timer.at(plan.micros(), this::applyDueChanges);
    stats.structureChanges.increment();
    journal.append(GroupRecords.change(now, change));
    log.info(
        "group {}: change {} '{}' at beat {} ({} µs ahead)",
        id(),
        change.getSequence(),
        change.getDescription(),
        plan.beat(),
        plan.micros() - now);
    return change;
  }

  // ---------------------------------------------------------------- following a member's tempo

  /**
   * Starts following a member's tempo, or stops with an empty participant id.
   *
   * @throws Refusal if the member is not here, is a listener, or the bounds are wrong
   */
  private void follow(FollowMember follow) throws Refusal {
    String id = follow.getParticipantId();
    if (id.isEmpty()) {
      stopFollowing("the facilitator stopped it");
      return;
    }
    Member followed = members.get(id);
    if (followed == null || followed.role() == Role.LISTENER) {
      throw new Refusal(
          ErrorCode.INVALID_ARGUMENT,
          followed == null
              ? "No member \"" + id + "\" is in this group to follow."
              : "A listener does not play: follow a member who does.");
    }
    double min = follow.getMinBpm() == 0 ? TempoMap.MIN_BPM : follow.getMinBpm();
    double max = follow.getMaxBpm() == 0 ? TempoMap.MAX_BPM : follow.getMaxBpm();
    if (!(min >= TempoMap.MIN_BPM && max <= TempoMap.MAX_BPM && min <= max)) {
      throw new Refusal(
          ErrorCode.INVALID_ARGUMENT,
          String.format(
              "The bounds of the tempo followed must lie within %.0f..%.0f BPM, the lower first.",
              TempoMap.MIN_BPM, TempoMap.MAX_BPM));
    }
    follower = new TempoFollower(id, min, max);
    log.info("group {}: the tempo follows {} within {}..{} BPM", id(), id, min, max);
  }

  private void stopFollowing(String why) {
    if (follower != null) {
      log.info("group {}: the tempo no longer follows {}: {}", id(), follower.memberId(), why);
      follower = null;
    }
  }

  /** An onset of the member followed: the group's tempo may move towards it. */
  private void followed(long playedAtMicros) {
    double bpm = follower.onset(playedAtMicros, tempoMap);
    if (Double.isNaN(bpm)) {
      return;
    }
    FacilitatorCommand toward =
        FacilitatorCommand.newBuilder()
            .setQuantize(Quantize.newBuilder().setBoundary(Quantize.Boundary.NEXT_BEAT))
            .setTempo(SetTempo.newBuilder().setBpm(bpm).setRampBeats(1))
            .build();
    try {
      StructureChange change = schedule(toward);
      stats.tempoFollowed.increment();
      fanOut(ServerMessage.newBuilder().setStructureChange(change).build(), null, true);
    } catch (Refusal r) {
      // Too many changes waiting (the facilitator's): this step is skipped, the next one comes.
      log.debug(
          "group {}: no tempo step towards {}: {}", id(), follower.memberId(), r.getMessage());
    }
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
    if (command.hasTurns()) {
      turns(command.getTurns());
    } else {
      sound.mix(command);
      if (command.hasSpotlight()) {
        stopTurns();
      }
    }
    journal.append(GroupRecords.mixer(clock.nowMicros(), command));
    log.info("group {}: mixer {}", id(), command.getKindCase());
    member.link().send(accepted(requestId, 0, 0, 0));
    sendMixerState();
  }

  // ---------------------------------------------------------------- turns in the spotlight

  /**
   * Starts the spotlight going round the group from the next bar line, or stops it ({@code
   * solo_bars} 0).
   *
   * @throws Refusal if the bars are out of bounds or the server has no sound
   */
  private void turns(SetTurns set) throws Refusal {
    if (set.getSoloBars() == 0) {
      sound.mix(spotlight("", 0));
      stopTurns();
      return;
    }
    if (set.getSoloBars() > FormLimits.MAX_PHRASE_BARS
        || set.getGroupBars() > FormLimits.MAX_PHRASE_BARS) {
      throw new Refusal(
          ErrorCode.INVALID_ARGUMENT,
          "A turn lasts 1 to "
              + FormLimits.MAX_PHRASE_BARS
              + " bars, and the group's answer 0 to "
              + FormLimits.MAX_PHRASE_BARS
              + ".");
    }
    float duck = set.getDuckDb() == 0 ? MixerLimits.DEFAULT_DUCK_DB : set.getDuckDb();
    if (!MixerLimits.isDuckDb(duck)) {
      throw new Refusal(
          ErrorCode.INVALID_ARGUMENT,
          "The others are ducked by "
              + (int) MixerLimits.MIN_DUCK_DB
              + ".."
              + (int) MixerLimits.MAX_DUCK_DB
              + " dB in their turns, not "
              + set.getDuckDb()
              + ".");
    }
    // Until the first turn nobody is in the spotlight; a server without sound refuses here.
    sound.mix(spotlight("", 0));
    long now = clock.nowMicros();
    applyDueChanges();
    long earliest = now + lookaheadMicros();
    FormState at = formAt(earliest);
    double startBeat;
    try {
      startBeat =
          Quantizer.effectiveBeat(
              Quantize.newBuilder().setBoundary(Quantize.Boundary.NEXT_BAR).build(),
              at,
              tempoMap.beatAt(earliest));
    } catch (Quantizer.TooSoonException e) {
      throw new IllegalStateException("a next bar is never too soon", e);
    }
    stopTurns();
    turns =
        new SpotlightTurns(
            FormStates.barAt(formAt(tempoMap.timeAt(startBeat)), startBeat),
            set.getSoloBars(),
            set.getGroupBars(),
            set.getDuckDb());
    log.info(
        "group {}: turns of {} bars (the group {}) from beat {}",
        id(),
        set.getSoloBars(),
        set.getGroupBars(),
        startBeat);
    turnAtBar(turns, startBeat);
  }

  private void stopTurns() {
    turns = null;
    if (turnTimer != null) {
      turnTimer.cancel();
      turnTimer = null;
    }
  }

  /**
   * Sets the timer for the bar line at {@code beat}: there the spotlight goes to whoever's turn it
   * is, and the next bar line is set. A bar line inside a fermata is looked at again shortly.
   */
  private void turnAtBar(SpotlightTurns schedule, double beat) {
    long at = tempoMap.timeAt(beat);
    if (at == Long.MAX_VALUE) {
      turnTimer = timer.after(TURN_RECHECK_MICROS, () -> turnAtBar(schedule, beat));
      return;
    }
    turnTimer =
        timer.at(
            at,
            () -> {
              if (turns != schedule) {
                return;
              }
              FormState form = formAt(at);
              turn(schedule, FormStates.barAt(form, beat + BAR_LINE_EPSILON));
              turnAtBar(schedule, beat + FormStates.beatsPerBar(form));
            });
  }

  /** Gives the spotlight to whoever's turn it is at {@code bar}, if it is not theirs already. */
  private void turn(SpotlightTurns schedule, long bar) {
    List<String> players = new ArrayList<>();
    for (Member m : members.values()) {
      if (m.role() == Role.PARTICIPANT && m.isConnected()) {
        players.add(m.id());
      }
    }
    int index = schedule.turnAt(bar, players.size());
    String who = index < 0 ? "" : players.get(index);
    if (who.equals(sound.state().getSpotlight())) {
      return;
    }
    try {
      sound.mix(spotlight(who, schedule.duckDb()));
      stats.spotlightTurns.increment();
      sendMixerState();
    } catch (Refusal r) {
      log.warn("group {}: the spotlight could not turn to {}: {}", id(), who, r.getMessage());
    }
  }

  private static MixerCommand spotlight(String memberId, float duckDb) {
    return MixerCommand.newBuilder()
        .setSpotlight(SetSpotlight.newBuilder().setParticipantId(memberId).setDuckDb(duckDb))
        .build();
  }

  /**
   * Starts or stops recording the group's mix, answers with {@link Accepted} and tells every
   * facilitator the recording's state (again when its file is finished, or if it fails).
   *
   * @throws Refusal if the member is not the facilitator, or the sound refuses
   */
  public void record(String memberId, long requestId, RecordCommand command) throws Refusal {
    Member member = members.get(memberId);
    if (member == null) {
      throw new Refusal(ErrorCode.NOT_JOINED, "Join the group first.");
    }
    if (member.role() != Role.FACILITATOR) {
      throw new Refusal(ErrorCode.FORBIDDEN, "Only the facilitator can record the session.");
    }
    RecordingState state = sound.record(command, this::recordingFinished);
    log.info(
        "group {}: recording {} {}",
        id(),
        command.getStart() ? "started" : "stopping",
        state.getFile());
    member.link().send(accepted(requestId, 0, 0, 0));
    if (state.getRecording()) {
      recordingChanged(state);
    }
  }

  /**
   * Starts, changes or stops the member's live stream of the group's mix (any role may listen) and
   * answers with {@link Accepted}.
   *
   * @throws Refusal if the request is out of range, or the server has no sound
   */
  public void stream(String memberId, long requestId, StreamRequest request) throws Refusal {
    Member member = members.get(memberId);
    if (member == null || !member.isConnected()) {
      throw new Refusal(ErrorCode.NOT_JOINED, "Join the group first.");
    }
    sound.stream(member, member.link(), request);
    member.link().send(accepted(requestId, 0, 0, 0));
  }

  /** A recording's file is finished (or failed): on the recording's thread. */
  private void recordingFinished(RecordingState state) {
    try {
      loop.execute(() -> recordingChanged(state));
    } catch (RejectedExecutionException e) {
      log.info("group {}: recording {} finished as the server stopped", id(), state.getFile());
    }
  }

  private void recordingChanged(RecordingState state) {
    journal.append(GroupRecords.recording(clock.nowMicros(), state));
    sendToFacilitators(ServerMessage.newBuilder().setRecording(state).build());
  }

  /**
   * Starts or stops sending a member the group's mix (every {@link MixerState}), whatever its role:
   * a member that renders the group itself needs its instruments, levels and backing. Starting
   * sends the mix now. A facilitator hears the mix anyway.
   *
   * @throws Refusal if the member is not in the group
   */
  public void watchMix(String memberId, boolean on) throws Refusal {
    Member member = members.get(memberId);
    if (member == null) {
      throw new Refusal(ErrorCode.NOT_JOINED, "Join the group first.");
    }
    member.watchesMix(on);
    if (on && member.isConnected()) {
      member.link().send(ServerMessage.newBuilder().setMixerState(mixerState()).build());
    }
  }

  /** The group's mix now. */
  /** The mix as the sound has it, with the turns going round the group. */
  public MixerState mixerState() {
    MixerState state = sound.state();
    return turns == null
        ? state
        : state.toBuilder()
            .setTurnsSoloBars(turns.soloBars())
            .setTurnsGroupBars(turns.groupBars())
            .build();
  }

  private void sendMixerState() {
    ServerMessage message = ServerMessage.newBuilder().setMixerState(mixerState()).build();
    for (Member m : members.values()) {
      if (m.hearsMix() && m.isConnected() && m.link().isWritable()) {
        m.link().send(message);
      }
    }
  }

  /** What each member plays, to the facilitators, while one is connected and someone plays. */
  private void sendObservations() {
    if ((!observations.isEmpty() || follower != null) && hasConnectedFacilitator()) {
      long now = clock.nowMicros();
      Observations.Builder figures =
          observations
              .message(now, tempoMap.beatAt(now), formAt(now).getMeter().getBeatsPerBar())
              .toBuilder();
      if (follower != null) {
        figures.setFollowedParticipantId(follower.memberId());
        if (!Double.isNaN(follower.memberBpm())) {
          figures.setFollowedBpm((float) follower.memberBpm());
        }
      }
      sendToFacilitators(ServerMessage.newBuilder().setObservations(figures).build());
    }
  }

  private void sendMeters() {
    if (hasConnectedFacilitator()) {
      sound
          .meters(clock.nowMicros())
          .ifPresent(m -> sendToFacilitators(ServerMessage.newBuilder().setMeters(m).build()));
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

  /** The encoded size of the changes waiting to take effect. */
  private int pendingBytes() {
    int bytes = 0;
    for (StructureChange change : pending) {
      bytes += change.getSerializedSize();
    }
    return bytes;
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
    return Math.min(
        settings.maxLookaheadMicros(),
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
    quietSinceMicros = -1;
  }

  /** Counts a member whose link is about to go as no longer connected, nor lagging. */
  private void disconnected(Member member) {
    sound.streamEnded(member);
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

  private void welcome(Member member, String sessionToken) {
    member
        .link()
        .send(
            ServerMessage.newBuilder()
                .setWelcome(
                    Welcome.newBuilder()
                        .setParticipantId(member.id())
                        .setRole(member.role())
                        .setSessionToken(sessionToken)
                        .setGroupId(id())
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
        .setAccepted(
            Accepted.newBuilder()
                .setRequestId(requestId)
                .setChangeSequence(sequence)
                .setEffectiveBeat(beat)
                .setEffectiveServerMicros(micros))
        .build();
  }
}
