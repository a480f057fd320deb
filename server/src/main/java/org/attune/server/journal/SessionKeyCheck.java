package org.attune.server.journal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.attune.protocol.v1.GroupCreated;
import org.attune.protocol.v1.JournalRecord;
import org.attune.server.group.SecretHashes;

/**
 * Whether a facilitator key opens a session's stored files, read from the session's journal (its
 * {@code GroupCreated} record holds the salted hash of the key), so that the files of a session
 * that has ended, or of a run before a restart, open with the same key as while it played.
 *
 * <p>Thread-safe: stateless; reads the disk, so call it off the event loops.
 */
public final class SessionKeyCheck {

  private SessionKeyCheck() {}

  /**
   * True if {@code key} is the facilitator key of the session {@code groupId} in {@code data};
   * false if it is not, or no readable journal of that session says.
   */
  public static boolean opens(DataDirectory data, String groupId, String key) throws IOException {
    Path journal = data.journal(groupId);
    if (!Files.isRegularFile(journal)) {
      return false;
    }
    Optional<GroupCreated> created =
        JournalReader.readWithoutGestures(journal).records().stream()
            .filter(JournalRecord::hasGroupCreated)
            .map(JournalRecord::getGroupCreated)
            .findFirst();
    return created.isPresent()
        && SecretHashes.matches(
            created.get().getFacilitatorKeyHash().toByteArray(),
            created.get().getSalt().toByteArray(),
            key);
  }
}
