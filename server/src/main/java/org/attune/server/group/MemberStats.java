package org.attune.server.group;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.LongAdder;
import org.attune.protocol.v1.Role;

/**
 * Counts of the members that one transport carries, summed over all groups: how many are connected
 * in each role, how many are lagging, and the gestures they sent and were sent.
 *
 * <p>Thread-safe: written by the groups' event loops (each group updates it when its own members
 * come, go, lag or catch up), read from any thread, e.g. by a metrics scrape.
 */
public final class MemberStats {

  private final String transport;
  private final AtomicIntegerArray connectedByRole =
      new AtomicIntegerArray(Role.LISTENER.getNumber() + 1);
  private final AtomicInteger lagging = new AtomicInteger();

  /** Gestures accepted from these members. */
  public final LongAdder gesturesIn = new LongAdder();

  /** Gestures sent to these members. */
  public final LongAdder gesturesOut = new LongAdder();

  /** Gestures not sent to one of these members because it was lagging. */
  public final LongAdder gesturesDroppedLagging = new LongAdder();

  /** Gestures from these members dropped because they sent more than {@link GestureBudget} lets. */
  public final LongAdder gesturesRateLimited = new LongAdder();

  /** Snapshots sent to one of these members when it caught up after lagging. */
  public final LongAdder snapshotsForLagging = new LongAdder();

  MemberStats(String transport) {
    this.transport = transport;
  }

  /** The transport's short name, as {@link MemberLink#transport()} gives it. */
  public String transport() {
    return transport;
  }

  /** Members connected now in {@code role}. */
  public int connected(Role role) {
    return connectedByRole.get(role.getNumber());
  }

  /** Connected members whose link is full, who get no gestures until they catch up. */
  public int lagging() {
    return lagging.get();
  }

  void addConnected(Role role, int delta) {
    connectedByRole.addAndGet(role.getNumber(), delta);
  }

  void addLagging(int delta) {
    lagging.addAndGet(delta);
  }
}
