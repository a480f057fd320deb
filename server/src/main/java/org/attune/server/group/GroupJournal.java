package org.attune.server.group;

import org.attune.protocol.v1.JournalRecord;

/**
 * Where a group writes down what it did that matters (the session journal of the server's {@code
 * journal} package): its creation, members, accepted gestures, structure changes, mixer commands
 * and its end, as {@link JournalRecord}s in the order they happened.
 *
 * <p>Thread-safe: called on the group's event loop (and once by the thread that creates the group);
 * an implementation queues the record and never waits on the disk.
 */
@FunctionalInterface
public interface GroupJournal {

  /**
   * Queues a record.
   *
   * @return false if it could not be queued (counted as lost by the journal; the group plays on)
   */
  boolean append(JournalRecord record);

  /** No journal: the server keeps nothing. */
  GroupJournal NONE = record -> true;

  /** Opens the journal of a group by its id. */
  @FunctionalInterface
  interface Factory {
    GroupJournal open(String groupId);

    Factory NONE = groupId -> GroupJournal.NONE;
  }
}
