package org.attune.server.journal;

import java.util.List;
import java.util.Optional;
import org.attune.protocol.v1.JournalRecord;

/**
 * What a journal file holds: its valid records in order, how many of its bytes they take, and, if
 * the file goes on past them, what is wrong with the rest.
 *
 * @param records every record before the first bad frame
 * @param validBytes the length of the file's valid part: where the next record may be appended
 * @param fileBytes the file's length as read
 * @param damage why the bytes after {@code validBytes} were not read, if there are any
 */
public record JournalContents(
    List<JournalRecord> records, long validBytes, long fileBytes, Optional<String> damage) {

  public JournalContents {
    records = List.copyOf(records);
  }

  /** True if the file holds more than its valid records: a torn last frame, damage or garbage. */
  public boolean damaged() {
    return damage.isPresent();
  }
}
