package org.attune.cli;

import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.attune.client.AttuneClient;
import org.attune.client.ClientListener;
import org.attune.client.ClockSync;
import org.attune.client.TimelineState;
import org.attune.form.Dynamics;
import org.attune.form.FormStates;
import org.attune.protocol.v1.FormState;
import org.attune.protocol.v1.Gesture;
import org.attune.protocol.v1.PadLayer;
import org.attune.protocol.v1.StructureChange;

/**
 * A participant that plays along: one pad on every beat, in the current key, as loud as the form's
 * dynamics say, with the chord's root on each downbeat and an accent where the facilitator asks for
 * one.
 *
 * <p>Each beat's server time comes from the client's {@link org.attune.client.Timeline} and is
 * placed on the local clock by {@link ClockSync}; the bot's timer never sleeps more than {@link
 * #MAX_SLEEP_NANOS} at once, so a tempo change or a fermata that arrives meanwhile moves the next
 * note. A gesture is stamped with its beat's exact server time.
 *
 * <p>Thread: runs on the executor given to it (one thread); {@link #start} and {@link #stop} from
 * any thread. Its listener methods are called on the client's timeline thread.
 */
final class PlayAlongBot implements ClientListener {

  static final long MAX_SLEEP_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  /** Beats at least this far behind are skipped rather than played late. */
  private static final double LATE_BEATS = 0.25;

  private final AttuneClient client;
  private final ScheduledExecutorService executor;
  private final Random random;
  private final Consumer<Gesture> send;
  private final Set<Double> accents = ConcurrentHashMap.newKeySet();

  // Written by the executor's thread only; played and stopped are read by others.
  private double nextBeat = Double.NaN;
  private volatile long played;
  private volatile boolean stopped;

  PlayAlongBot(AttuneClient client, ScheduledExecutorService executor, Random random) {
    this(client, executor, random, client::sendGesture);
  }

  /** A bot whose gestures go to {@code send} (which sends them, and may also render them). */
  PlayAlongBot(
      AttuneClient client,
      ScheduledExecutorService executor,
      Random random,
      Consumer<Gesture> send) {
    this.client = client;
    this.executor = executor;
    this.random = random;
    this.send = send;
  }

  void start() {
    client.addListener(this);
    executor.execute(this::tick);
  }

  void stop() {
    stopped = true;
    client.removeListener(this);
  }

  /** Beats played so far. */
  long played() {
    return played;
  }

  @Override
  public void onStructureChangeReceived(StructureChange change, long receivedLocalNanos) {
    if (change.getForm().getAccent()) {
      accents.add(change.getEffectiveBeat());
    }
  }

  private void tick() {
    if (stopped) {
      return;
    }
    ClockSync clock = client.clockSync();
    TimelineState state = client.timeline().state();
    double nowBeat = state.beatAt(clock.nowServerMicros());
    if (Double.isNaN(nextBeat) || nowBeat - nextBeat > LATE_BEATS) {
      nextBeat = Math.floor(nowBeat) + 1;
    }
    long at = state.timeAt(nextBeat);
    if (at == Long.MAX_VALUE) {
      // A fermata holds the beat: wait for the release.
      executor.schedule(this::tick, MAX_SLEEP_NANOS, TimeUnit.NANOSECONDS);
      return;
    }
    long waitNanos = clock.localMicrosAt(at) * 1_000 - clock.localNanos();
    if (waitNanos > 0) {
      executor.schedule(this::tick, Math.min(waitNanos, MAX_SLEEP_NANOS), TimeUnit.NANOSECONDS);
      return;
    }
    send.accept(gestureAt(state, nextBeat, at));
    played++;
    accents.remove(nextBeat);
    nextBeat += 1;
    executor.execute(this::tick);
  }

  private Gesture gestureAt(TimelineState state, double beat, long serverMicros) {
    FormState form = state.formAt(serverMicros);
    float velocity = Keypad.velocity(Dynamics.levelAt(form.getDynamics(), beat));
    if (accents.contains(beat)) {
      velocity = 1.0f;
    }
    boolean downbeat = Math.abs(FormStates.beatInBar(form, beat) - 1) < 1e-6;
    Gesture pad;
    if (downbeat) {
      pad = Keypad.pad(1, PadLayer.CHORD, velocity);
    } else if (random.nextInt(5) == 0) {
      pad = Keypad.pad(1 + random.nextInt(4), PadLayer.CHORD, velocity);
    } else {
      pad = Keypad.pad(1 + random.nextInt(8), PadLayer.SCALE, velocity);
    }
    return pad.toBuilder().setPlayedAtServerMicros(serverMicros).build();
  }
}
