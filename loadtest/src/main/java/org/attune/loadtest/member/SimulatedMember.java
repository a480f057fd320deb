package org.attune.loadtest.member;

import java.util.concurrent.CompletableFuture;
import org.attune.client.ClockSync;
import org.attune.protocol.v1.FacilitatorCommand;

/**
 * One simulated member of a group, whatever its transport (TCP now; OSC and WebSocket members
 * implement the same contract).
 *
 * <p>Thread-safe: every method may be called from any thread; implementations hand the work to the
 * member's own event loop.
 */
public interface SimulatedMember {

  MemberSpec spec();

  /** Connects and joins; completes when the server has welcomed the member. */
  CompletableFuture<Void> join();

  /** Starts sending gestures, {@code perSecond} a second, from a random phase. */
  void startPlaying(double perSecond);

  /** Stops sending gestures. */
  void stopPlaying();

  /** Sends a facilitator command (only a facilitator's are accepted). */
  void command(FacilitatorCommand command);

  /**
   * The member's clock-sync estimator (the client library's own), or null for a member that keeps
   * no clock (an OSC tablet acts on what the server sends when it sends it).
   */
  ClockSync clockSync();

  /**
   * For diagnosis: server minus local time as the same samples give it without a drift term
   * (microseconds; NaN before the first sample).
   */
  double offsetWithoutDriftMicros();

  /** Gestures this member sent successfully. */
  long gesturesSent();

  /** Gestures from other members that arrived here. */
  long gesturesReceived();

  /** True while the member's connection is up. */
  boolean isConnected();

  /** Closes the member's connection. */
  void close();
}
