package org.attune.server.journal;

/**
 * When the journal's writer makes what it wrote durable.
 *
 * <p>The writer hands every record to the operating system within about a millisecond of its append
 * (it drains its queue whenever it has anything, and looks again every millisecond), so a crash of
 * the server process alone (a kill, an out-of-memory exit) loses only what was still in the queue:
 * about a millisecond of the group's records. The operating system writes them to the disk later;
 * {@code fsync} forces that every {@code syncIntervalMillis}, and at once after a structure change
 * if {@code syncOnStructureChange}: a power loss or a crash of the whole machine loses at most the
 * records of the last interval, and never a structure change that was synced.
 *
 * @param syncIntervalMillis the most time between an append and its {@code fsync}
 * @param syncOnStructureChange also {@code fsync} as soon as a structure change is written
 */
public record FlushPolicy(long syncIntervalMillis, boolean syncOnStructureChange) {

  /** {@code fsync} every 100 ms and after every structure change. */
  public static final FlushPolicy DEFAULT = new FlushPolicy(100, true);

  public FlushPolicy {
    if (syncIntervalMillis <= 0) {
      throw new IllegalArgumentException(
          "the journal's sync interval must be positive, not " + syncIntervalMillis + " ms");
    }
  }
}
