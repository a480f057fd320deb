package org.attune.client;

import org.attune.protocol.v1.Error;
import org.attune.protocol.v1.GestureEvent;
import org.attune.protocol.v1.Meters;
import org.attune.protocol.v1.MixerState;
import org.attune.protocol.v1.Observations;
import org.attune.protocol.v1.Roster;
import org.attune.protocol.v1.Snapshot;
import org.attune.protocol.v1.StructureChange;
import org.attune.protocol.v1.Welcome;

/**
 * What a client hears from its group. Every method has a no-op default; override the ones you need.
 *
 * <p>Thread: every callback is called on the client's timeline thread ({@code attune-timeline}),
 * one at a time, in the order the messages arrived; never on the Netty I/O thread, so a slow
 * listener cannot delay reading or the clock probes. But a slow listener does delay the firing of
 * structure changes, so keep callbacks short and hand long work to another thread. When a callback
 * runs, {@link Timeline} already reflects the message it reports. An exception thrown by a listener
 * is logged and does not reach the others.
 */
public interface ClientListener {

  /** The group accepted a join or resume; the timeline already holds its snapshot. */
  default void onWelcome(Welcome welcome) {}

  /**
   * A structure change arrived (it takes effect later).
   *
   * @param receivedLocalNanos {@link System#nanoTime()} when the I/O thread read it
   */
  default void onStructureChangeReceived(StructureChange change, long receivedLocalNanos) {}

  /**
   * A structure change took effect: the timeline reached its effective time (by the clock estimate)
   * and applied it. Also called for pending changes that a snapshot reports as already in effect,
   * so that each change is reported once. Changes missed while lagging and already in effect when
   * the snapshot was made are not reported; {@link #onSnapshot} covers them.
   *
   * @param firedLocalNanos {@link System#nanoTime()} at firing
   */
  default void onStructureChangeFired(StructureChange change, long firedLocalNanos) {}

  /** Another member played a gesture. */
  default void onGesture(GestureEvent gesture) {}

  /** The group's membership changed. */
  default void onRoster(Roster roster) {}

  /**
   * The group's mix, as the server sends it to facilitators (and to members that asked, {@link
   * AttuneClient#watchMix}) on joining and after every change; {@link AttuneClient#mixerState()}
   * already returns it.
   */
  default void onMixerState(MixerState state) {}

  /**
   * Levels of every strip and the master, about 20 times a second, to facilitators of a server that
   * renders sound. Keep it very short: it is the most frequent callback there is.
   */
  default void onMeters(Meters meters) {}

  /** What the facilitator observes of each member, about every two seconds (facilitators). */
  default void onObservations(Observations observations) {}

  /**
   * The group's recording started, or its file is finished (or failed, with the reason), to
   * facilitators.
   */
  default void onRecording(org.attune.protocol.v1.RecordingState state) {}

  /** The group's session is over; the server closes the connection next. */
  default void onSessionEnded(org.attune.protocol.v1.SessionEnded ended) {}

  /** The server replaced this client's state (after it lagged); the timeline holds it already. */
  default void onSnapshot(Snapshot snapshot) {}

  /**
   * The server reported an error. Called for every error, including those that also fail the future
   * of the request they answer.
   */
  default void onError(Error error) {}

  /** The connection to the server closed, for whatever reason (including {@code close()}). */
  default void onDisconnected() {}
}
