package org.attune.client;

import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.attune.protocol.v1.Accepted;
import org.attune.protocol.v1.Error;
import org.attune.protocol.v1.ErrorCode;
import org.attune.protocol.v1.MixerState;
import org.attune.protocol.v1.Roster;
import org.attune.protocol.v1.ServerMessage;
import org.attune.protocol.v1.Snapshot;
import org.attune.protocol.v1.StructureChange;
import org.attune.protocol.v1.Welcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client's side of one membership: which requests await an answer, who this member is, and
 * where each message from the server goes (timeline, listeners, request futures).
 *
 * <p>Thread: {@link #onMessage} and {@link #onDisconnected} are called on the I/O thread and hand
 * the work to the timeline thread, where listeners run and futures complete; the {@code expect}
 * methods may be called from any thread.
 */
final class ClientSession {

  private static final Logger log = LoggerFactory.getLogger(ClientSession.class);

  /** Codes that answer a join or resume when the server could not tell which request it was. */
  private static final Set<ErrorCode> JOIN_REFUSALS =
      EnumSet.of(
          ErrorCode.UNKNOWN_GROUP,
          ErrorCode.BAD_FACILITATOR_KEY,
          ErrorCode.RATE_LIMITED,
          ErrorCode.UNKNOWN_SESSION,
          ErrorCode.GROUP_FULL,
          ErrorCode.ALREADY_JOINED);

  private record PendingJoin(
      long requestId, long sentLocalMicros, CompletableFuture<Welcome> future) {}

  private final ClockSync clock;
  private final Timeline timeline;
  private final ListenerSet listeners;
  private final Executor timelineThread;

  private final Map<Long, CompletableFuture<Accepted>> commands = new ConcurrentHashMap<>();
  private final AtomicReference<PendingJoin> join = new AtomicReference<>();
  private volatile Welcome welcome;
  private volatile Roster roster = Roster.getDefaultInstance();
  private volatile MixerState mixerState;
  private final AtomicBoolean disconnected = new AtomicBoolean();

  ClientSession(
      ClockSync clock, Timeline timeline, ListenerSet listeners, Executor timelineThread) {
    this.clock = clock;
    this.timeline = timeline;
    this.listeners = listeners;
    this.timelineThread = timelineThread;
  }

  /** The latest welcome, or null before the first. */
  Welcome welcome() {
    return welcome;
  }

  /** The latest roster (empty before the welcome). */
  Roster roster() {
    return roster;
  }

  /**
   * The latest mix the server sent, or null before the first (always, unless watched or
   * facilitating).
   */
  MixerState mixerState() {
    return mixerState;
  }

  boolean isDisconnected() {
    return disconnected.get();
  }

  /** Registers a join or resume about to be sent; fails if one is already waiting. */
  CompletableFuture<Welcome> expectWelcome(long requestId) {
    CompletableFuture<Welcome> future = new CompletableFuture<>();
    if (disconnected.get()) {
      future.completeExceptionally(closedException());
      return future;
    }
    PendingJoin pending = new PendingJoin(requestId, clock.localMicros(), future);
    if (!join.compareAndSet(null, pending)) {
      future.completeExceptionally(
          new IllegalStateException("a join or resume is already waiting for its answer"));
    } else if (disconnected.get()) {
      // The connection closed meanwhile, perhaps after failAll ran: fail it here.
      requestFailed(requestId, closedException());
    }
    return future;
  }

  /** Registers a facilitator or mixer command about to be sent. */
  CompletableFuture<Accepted> expectAccepted(long requestId) {
    CompletableFuture<Accepted> future = new CompletableFuture<>();
    if (disconnected.get()) {
      future.completeExceptionally(closedException());
      return future;
    }
    commands.put(requestId, future);
    if (disconnected.get()) {
      requestFailed(requestId, closedException());
    }
    return future;
  }

  /** A request could not be written: fail its future. Any thread. */
  void requestFailed(long requestId, Throwable cause) {
    CompletableFuture<Accepted> command = commands.remove(requestId);
    if (command != null) {
      command.completeExceptionally(cause);
    }
    PendingJoin pending = join.get();
    if (pending != null && pending.requestId() == requestId && join.compareAndSet(pending, null)) {
      pending.future().completeExceptionally(cause);
    }
  }

  /** A message from the server (not a clock pong), read at {@code receivedNanos}. I/O thread. */
  void onMessage(ServerMessage message, long receivedNanos) {
    if (message.hasWelcome()) {
      addJoinRoundTrip(message.getWelcome(), receivedNanos / 1_000);
    }
    if (message.hasStructureChange()) {
      StructureChange change = message.getStructureChange();
      onTimelineThread(
          () -> {
            listeners.onStructureChangeReceived(change, receivedNanos);
            timeline.applyChange(change);
          });
      return;
    }
    onTimelineThread(() -> dispatch(message));
  }

  /**
   * The connection closed: fails what waits and tells the listeners, once however often it is
   * called. Called on the I/O thread when the channel goes inactive, and by {@code close()} before
   * it stops the timeline thread (Netty reports the inactive channel after the close completes).
   */
  void onDisconnected() {
    if (!disconnected.compareAndSet(false, true)) {
      return;
    }
    onTimelineThread(
        () -> {
          failAll(closedException());
          listeners.onDisconnected();
        });
  }

  /** Fails every waiting request (the client is closing). Any thread. */
  void failAll(Throwable cause) {
    PendingJoin pending = join.getAndSet(null);
    if (pending != null) {
      pending.future().completeExceptionally(cause);
    }
    List<Long> ids = new ArrayList<>(commands.keySet());
    for (Long id : ids) {
      CompletableFuture<Accepted> future = commands.remove(id);
      if (future != null) {
        future.completeExceptionally(cause);
      }
    }
  }

  /**
   * The join and its welcome are one more clock probe: the snapshot's server time lies between the
   * join's arrival and the welcome's departure, so it serves as both t1 and t2.
   */
  private void addJoinRoundTrip(Welcome welcome, long receivedMicros) {
    PendingJoin pending = join.get();
    long serverNow = welcome.getSnapshot().getServerNowMicros();
    if (pending != null && serverNow != 0) {
      clock.addSample(pending.sentLocalMicros(), serverNow, serverNow, receivedMicros);
    }
  }

  private void dispatch(ServerMessage message) {
    switch (message.getBodyCase()) {
      case WELCOME -> onWelcome(message.getWelcome());
      case SNAPSHOT -> onSnapshot(message.getSnapshot());
      case ROSTER -> {
        roster = message.getRoster();
        listeners.onRoster(message.getRoster());
      }
      case GESTURE -> listeners.onGesture(message.getGesture());
      case ACCEPTED -> onAccepted(message.getAccepted());
      case MIXER_STATE -> {
        mixerState = message.getMixerState();
        listeners.onMixerState(message.getMixerState());
      }
      case METERS -> listeners.onMeters(message.getMeters());
      case OBSERVATIONS -> listeners.onObservations(message.getObservations());
      case RECORDING -> listeners.onRecording(message.getRecording());
      case SESSION_ENDED -> listeners.onSessionEnded(message.getSessionEnded());
      case ERROR -> onError(message.getError());
      case STRUCTURE_CHANGE, CLOCK_PONG, AUDIO_FRAME ->
          throw new IllegalStateException("routed elsewhere");
      case BODY_NOT_SET -> log.debug("ignoring an empty server message");
    }
  }

  private void onWelcome(Welcome message) {
    welcome = message;
    if (message.getSnapshot().hasRoster()) {
      roster = message.getSnapshot().getRoster();
    }
    timeline.applySnapshot(message.getSnapshot());
    listeners.onWelcome(message);
    PendingJoin pending = join.getAndSet(null);
    if (pending != null) {
      pending.future().complete(message);
    }
  }

  private void onSnapshot(Snapshot snapshot) {
    if (snapshot.hasRoster()) {
      roster = snapshot.getRoster();
    }
    timeline.applySnapshot(snapshot);
    listeners.onSnapshot(snapshot);
  }

  private void onAccepted(Accepted accepted) {
    CompletableFuture<Accepted> future = commands.remove(accepted.getRequestId());
    if (future == null) {
      log.debug("accepted for unknown request {}", accepted.getRequestId());
      return;
    }
    future.complete(accepted);
  }

  private void onError(Error error) {
    long requestId = error.getRequestId();
    CompletableFuture<Accepted> command = requestId == 0 ? null : commands.remove(requestId);
    if (command != null) {
      command.completeExceptionally(AttuneException.of(error));
    }
    PendingJoin pending = join.get();
    if (pending != null
        && (requestId == pending.requestId()
            || (requestId == 0 && JOIN_REFUSALS.contains(error.getCode())))
        && join.compareAndSet(pending, null)) {
      pending.future().completeExceptionally(AttuneException.of(error));
    }
    listeners.onError(error);
  }

  private void onTimelineThread(Runnable task) {
    try {
      timelineThread.execute(task);
    } catch (RejectedExecutionException e) {
      log.debug("client closed; server message dropped");
    }
  }

  static IOException closedException() {
    return new IOException("the connection to the server is closed");
  }
}
