package org.attune.audio.backing;

import java.util.Arrays;

/**
 * The notes the band has started and not yet released, a fixed number of slots per part, so that
 * every release is of a key that was actually struck, whatever the form says by then.
 *
 * <p>A note ends either at a fixed server time (drum and click hits, which stop in a fermata) or at
 * a tick (pitched notes, whose end moves with the tempo map and waits out a fermata).
 *
 * <p>Thread-safe: no; owned by the render thread. Realtime-safe: yes, all methods.
 */
final class HeldNotes {

  static final int FREE = -1;

  /** {@link #endTick} of a note that ends at a fixed time. */
  static final long NO_TICK = Long.MIN_VALUE;

  private final int perPart;
  private final int[] keys;
  private final long[] startTicks;
  private final long[] endTicks;
  private final long[] endMicros;
  private final long[] order;
  private long started;

  HeldNotes(int parts, int perPart) {
    this.perPart = perPart;
    keys = new int[parts * perPart];
    startTicks = new long[parts * perPart];
    endTicks = new long[parts * perPart];
    endMicros = new long[parts * perPart];
    order = new long[parts * perPart];
    Arrays.fill(keys, FREE);
  }

  int slots() {
    return keys.length;
  }

  int partOf(int slot) {
    return slot / perPart;
  }

  boolean isHeld(int slot) {
    return keys[slot] != FREE;
  }

  int key(int slot) {
    return keys[slot];
  }

  long startTick(int slot) {
    return startTicks[slot];
  }

  long endTick(int slot) {
    return endTicks[slot];
  }

  long endMicros(int slot) {
    return endMicros[slot];
  }

  /** The slot holding {@code key} on {@code part}, or {@link #FREE}. */
  int find(int part, int key) {
    for (int s = part * perPart; s < (part + 1) * perPart; s++) {
      if (keys[s] == key) {
        return s;
      }
    }
    return FREE;
  }

  /** A free slot of {@code part}, or {@link #FREE} when all are taken. */
  int free(int part) {
    return find(part, FREE);
  }

  /** The slot of {@code part} struck longest ago. */
  int oldest(int part) {
    int oldest = part * perPart;
    for (int s = oldest + 1; s < (part + 1) * perPart; s++) {
      if (order[s] < order[oldest]) {
        oldest = s;
      }
    }
    return oldest;
  }

  void hold(int slot, int key, long startTick, long endTick, long endMicros) {
    keys[slot] = key;
    startTicks[slot] = startTick;
    endTicks[slot] = endTick;
    this.endMicros[slot] = endMicros;
    order[slot] = started++;
  }

  /** Moves the end of the note in {@code slot}. */
  void end(int slot, long endTick, long endMicros) {
    endTicks[slot] = endTick;
    this.endMicros[slot] = endMicros;
  }

  void release(int slot) {
    keys[slot] = FREE;
  }

  /**
   * The held slot that ends first, the lowest slot among equals so that the order is the same
   * however time is cut into blocks; {@link #FREE} if nothing is held.
   */
  int earliest() {
    int found = FREE;
    for (int s = 0; s < keys.length; s++) {
      if (keys[s] != FREE && (found == FREE || endMicros[s] < endMicros[found])) {
        found = s;
      }
    }
    return found;
  }
}
