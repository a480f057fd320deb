package org.attune.client;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.attune.clock.TempoMap;
import org.attune.form.FormStates;
import org.attune.form.RomanChord;
import org.attune.protocol.v1.FormState;
import org.attune.protocol.v1.Snapshot;
import org.attune.protocol.v1.StructureChange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client's copy of the group's timeline: tempo map, form, and pending structure changes, each
 * applied when the clock estimate says the server has reached its effective time.
 *
 * <p>A structure change's tempo map is adopted as soon as it arrives (it agrees with the old map
 * before the effective time); its form patch waits for the effective time. Firing times are timers
 * on the timeline thread, a {@link java.util.concurrent.ScheduledThreadPoolExecutor} rather than
 * the Netty event loop, whose timers are only millisecond-accurate. A timer never sleeps longer
 * than {@link #MAX_SLEEP_MICROS} at a time: each time it wakes, it asks the {@link ClockSync} again
 * where the effective time falls locally, so a change is fired no earlier than the latest estimate
 * says, and an estimate that improves while the change waits is followed.
 *
 * <p>Thread: the state is owned by the timeline thread (the executor given to the constructor,
 * which must run one task at a time). {@link #accept(Snapshot)} and {@link
 * #accept(StructureChange)} may be called from any thread: they hand the message to the timeline
 * thread. The package-private {@code apply} methods must be called on the timeline thread. All
 * queries may be called from any thread: they read an immutable {@link TimelineState} published
 * through a volatile field.
 */
public final class Timeline {

  /** Longest single sleep of a firing timer, so that a changed clock estimate is noticed. */
  static final long MAX_SLEEP_MICROS = 100_000;

  private static final Logger log = LoggerFactory.getLogger(Timeline.class);

  private static final Comparator<StructureChange> BY_TIME_THEN_SEQUENCE =
      Comparator.comparingLong(StructureChange::getEffectiveServerMicros)
          .thenComparingLong(StructureChange::getSequence);

  private final ClockSync clock;
  private final ScheduledExecutorService executor;
  private final ClientListener listener;

  // Owned by the timeline thread.
  private final TreeSet<StructureChange> pending = new TreeSet<>(BY_TIME_THEN_SEQUENCE);
  private TempoMap tempoMap = TimelineState.UNKNOWN.tempoMap();
  private FormState form = TimelineState.UNKNOWN.form();
  private long lastSequence;
  private long lookaheadMicros;
  private boolean known;
  private ScheduledFuture<?> wakeUp;

  private volatile TimelineState state = TimelineState.UNKNOWN;

  /**
   * A timeline with no state yet.
   *
   * @param clock the clock estimate that places server times on the local clock
   * @param executor the timeline thread: runs one task at a time, with nanosecond timers
   * @param listener told on the timeline thread when each change fires
   */
  public Timeline(ClockSync clock, ScheduledExecutorService executor, ClientListener listener) {
    this.clock = clock;
    this.executor = executor;
    this.listener = listener;
  }

  // ------------------------------------------------------------------ input (any thread)

  /** Replaces the whole state with {@code snapshot}, on the timeline thread. */
  public void accept(Snapshot snapshot) {
    submit(() -> applySnapshot(snapshot));
  }

  /** Adds a structure change, on the timeline thread. */
  public void accept(StructureChange change) {
    submit(() -> applyChange(change));
  }

  private void submit(Runnable task) {
    try {
      executor.execute(task);
    } catch (RejectedExecutionException e) {
      log.debug("timeline closed; message dropped");
    }
  }

  // ------------------------------------------------------------------ input (timeline thread)

  /**
   * Replaces map, form and pending changes with the snapshot's. Changes this timeline held that the
   * snapshot reports as already in effect are reported fired (without applying them again: the
   * snapshot's form includes them); changes newer than the snapshot are kept. Timeline thread only.
   */
  void applySnapshot(Snapshot snapshot) {
    TempoMap map;
    try {
      map = TempoMap.fromProto(snapshot.getTempoMap());
    } catch (IllegalArgumentException e) {
      log.warn("ignoring a snapshot with an invalid tempo map: {}", e.getMessage());
      return;
    }
    long snapshotSequence = snapshot.getLastSequence();
    Set<Long> stillPending = new HashSet<>();
    for (StructureChange change : snapshot.getPendingList()) {
      stillPending.add(change.getSequence());
      snapshotSequence = Math.max(snapshotSequence, change.getSequence());
    }
    List<StructureChange> inEffect = new ArrayList<>();
    List<StructureChange> newer = new ArrayList<>();
    for (StructureChange change : pending) {
      if (change.getSequence() > snapshotSequence) {
        newer.add(change);
      } else if (!stillPending.contains(change.getSequence())) {
        inEffect.add(change);
      }
    }

    pending.clear();
    pending.addAll(snapshot.getPendingList());
    tempoMap = map;
    for (StructureChange change : newer) {
      pending.add(change);
      tempoMap = adoptable(change, tempoMap);
    }
    form = snapshot.hasForm() ? snapshot.getForm() : FormStates.initial();
    lastSequence = Math.max(snapshotSequence, lastSequence);
    lookaheadMicros = snapshot.getLookaheadMicros();
    known = true;
    publish();

    for (StructureChange change : inEffect) {
      listener.onStructureChangeFired(change, clock.localNanos());
    }
    plan();
  }

  /**
   * Adopts the change's tempo map at once and schedules its form patch. A change whose sequence
   * this timeline has already seen is ignored. Timeline thread only.
   */
  void applyChange(StructureChange change) {
    if (change.getSequence() <= lastSequence) {
      log.debug("ignoring structure change {}: already seen", change.getSequence());
      return;
    }
    lastSequence = change.getSequence();
    tempoMap = adoptable(change, tempoMap);
    pending.add(change);
    publish();
    plan();
  }

  private static TempoMap adoptable(StructureChange change, TempoMap current) {
    if (!change.hasTempoMap() || change.getTempoMap().getSegmentsCount() == 0) {
      return current;
    }
    try {
      return TempoMap.fromProto(change.getTempoMap());
    } catch (IllegalArgumentException e) {
      log.warn(
          "structure change {} has an invalid tempo map: {}", change.getSequence(), e.getMessage());
      return current;
    }
  }

  // ------------------------------------------------------------------ firing (timeline thread)

  /** Fires every change that is due and sets a timer for the next one. */
  private void plan() {
    if (wakeUp != null) {
      wakeUp.cancel(false);
      wakeUp = null;
    }
    while (!pending.isEmpty()) {
      StructureChange next = pending.first();
      long dueLocalMicros = clock.localMicrosAt(next.getEffectiveServerMicros());
      long nowNanos = clock.localNanos();
      long waitNanos = dueLocalMicros * 1_000 - nowNanos;
      if (waitNanos > 0) {
        long sleep = Math.min(waitNanos, MAX_SLEEP_MICROS * 1_000);
        try {
          wakeUp = executor.schedule(this::plan, sleep, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
          log.debug("timeline closed; firing abandoned");
        }
        return;
      }
      fire(pending.pollFirst(), nowNanos);
    }
  }

  private void fire(StructureChange change, long nowNanos) {
    form = FormStates.apply(form, change.getForm());
    publish();
    listener.onStructureChangeFired(change, nowNanos);
  }

  private void publish() {
    state =
        new TimelineState(
            known, tempoMap, form, new ArrayList<>(pending), lastSequence, lookaheadMicros);
  }

  // ------------------------------------------------------------------ queries (any thread)

  /** The whole current view, for several questions that must agree with each other. */
  public TimelineState state() {
    return state;
  }

  /** True once a snapshot (from a welcome) has arrived. */
  public boolean isKnown() {
    return state.known();
  }

  /** The group's tempo map. */
  public TempoMap tempoMap() {
    return state.tempoMap();
  }

  /** The form in effect (the latest fired change included). */
  public FormState form() {
    return state.form();
  }

  /** Changes received and not yet fired, by effective time. */
  public List<StructureChange> pending() {
    return state.pending();
  }

  /** Beat at server time {@code serverMicros}. */
  public double beatAt(long serverMicros) {
    return state.beatAt(serverMicros);
  }

  /** Server time at {@code beat}; {@link Long#MAX_VALUE} if a fermata holds before it. */
  public long timeAt(double beat) {
    return state.timeAt(beat);
  }

  /** The estimated server time now. */
  public long nowServerMicros() {
    return clock.nowServerMicros();
  }

  /** The beat now, by the clock estimate. */
  public double nowBeat() {
    return state.beatAt(clock.nowServerMicros());
  }

  /** Bar number now, from 1. */
  public long barNow() {
    return state.barAt(clock.nowServerMicros());
  }

  /** Beat within the bar now, from 1 (fractional). */
  public double beatInBarNow() {
    return state.beatInBarAt(clock.nowServerMicros());
  }

  /** The chord sounding now. */
  public RomanChord currentChord() {
    return state.chordAt(clock.nowServerMicros());
  }
}
