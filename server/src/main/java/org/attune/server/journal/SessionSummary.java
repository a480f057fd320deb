package org.attune.server.journal;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * One session of a data directory as a listing shows it, read from its journal.
 *
 * <p>Immutable.
 *
 * @param groupId the session's id: its directory's name
 * @param directory the session's directory, which holds everything of it
 * @param name the group's name; empty if the journal does not say
 * @param created when the group was created, if the journal says
 * @param lastRecord the wall-clock time of the journal's last valid record, if it has one
 * @param ended why the session ended (e.g. "facilitator"), if it has; empty for a session still
 *     live on a server, or interrupted by a crash and not yet restarted
 * @param members how many members joined (participants, facilitators and listeners), resumes not
 *     counted again
 * @param gestures how many gestures the journal holds
 * @param journalBytes the journal file's size
 * @param damage what is wrong with the journal's tail, if anything (its valid part is counted)
 * @param unreadable why the journal could not be read at all, if it could not
 */
public record SessionSummary(
    String groupId,
    Path directory,
    String name,
    Optional<Instant> created,
    Optional<Instant> lastRecord,
    Optional<String> ended,
    int members,
    long gestures,
    long journalBytes,
    Optional<String> damage,
    Optional<String> unreadable) {

  /** True if the session has ended: no server will bring it back. */
  public boolean hasEnded() {
    return ended.isPresent();
  }
}
