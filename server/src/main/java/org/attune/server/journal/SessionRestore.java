package org.attune.server.journal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.attune.clock.ServerClock;
import org.attune.protocol.v1.ClockAnchor;
import org.attune.protocol.v1.GroupEnded;
import org.attune.protocol.v1.JournalRecord;
import org.attune.server.group.Group;
import org.attune.server.group.GroupRegistry;
import org.attune.server.group.SavedGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings back, on start, the sessions a data directory holds that had not ended: each journal is
 * read (a torn or damaged tail cut and said), and its group restored in the registry with its
 * members free to resume. A session idle longer than the idle end is ended instead; a journal
 * that cannot be read is set aside as {@code journal.unreadable} with a log line, and the others
 * start. New groups get ids after every session on disk.
 *
 * <p>Thread-safe: no; run once by the starting server before its ports open.
 */
public final class SessionRestore {

  private static final Logger log = LoggerFactory.getLogger(SessionRestore.class);
  /** A journal that could not be read is moved to this name in its session's directory. */
  public static final String SET_ASIDE_NAME = "journal.unreadable";

  /**
   * What a restore did.
   *
   * @param restored the groups brought back
   * @param endedIdle sessions ended now for having been idle too long
   * @param setAside journals that could not be read, each with why
   * @param cut journals whose damaged tail was cut, each with what was cut
   */
  public record Outcome(List<Group> restored, int endedIdle, List<String> setAside,
      List<String> cut) {}

  private SessionRestore() {}

  /**
   * Restores the sessions of {@code directory} into {@code registry}.
   *
   * @param epochMicrosAtZero the wall-clock time of this server's time 0
   */
  public static Outcome restore(DataDirectory directory, GroupRegistry registry,
      JournalWriter writer, ServerClock clock, long epochMicrosAtZero, Duration idleEnd)
      throws IOException {
    List<Group> restored = new ArrayList<>();
    List<String> setAside = new ArrayList<>();
    List<String> cut = new ArrayList<>();
    int endedIdle = 0;
    if (!Files.isDirectory(directory.sessions())) {
      return new Outcome(restored, 0, setAside, cut);
    }
    List<Path> sessions;
    try (Stream<Path> list = Files.list(directory.sessions())) {
      sessions = list.filter(Files::isDirectory)
          .sorted(Comparator.comparing(p -> p.getFileName().toString())).toList();
    }
    for (Path session : sessions) {
      String id = session.getFileName().toString();
      registry.reserveId(id);
      Path journal = session.resolve(JournalFile.FILE_NAME);
      if (!Files.isRegularFile(journal)) {
        continue;
      }
      Optional<SavedGroup> saved;
      JournalContents contents;
      try {
        // Read first and cut later: a journal that makes no group is set aside whole.
        contents = JournalReader.read(journal);
        saved = JournalReplay.savedGroup(contents.records());
        if (saved.isPresent() && !saved.get().identity().id().equals(id)) {
          throw new IllegalArgumentException("it is the journal of group "
              + saved.get().identity().id() + ", not of " + id);
        }
      } catch (IOException | RuntimeException e) {
        String why = journal + " cannot be read (" + e.getMessage() + "); it is set aside as "
            + SET_ASIDE_NAME + " and the session is not brought back";
        log.error("session {}: {}", id, why);
        Files.move(journal, session.resolve(SET_ASIDE_NAME), StandardCopyOption.REPLACE_EXISTING);
        setAside.add(why);
        continue;
      }
      if (saved.isEmpty()) {
        continue;
      }
      if (contents.damaged()) {
        // Appending goes on after the last valid record.
        JournalReader.recover(journal);
        String d = contents.damage().orElseThrow();
        cut.add(d);
        log.warn("session {}: {}", id, d);
      }
      long nowEpoch = epochMicrosAtZero + clock.nowMicros();
      if (nowEpoch - saved.get().lastActivityEpochMicros() >= idleEnd.toNanos() / 1_000) {
        endIdle(writer, id, clock, epochMicrosAtZero, idleEnd);
        endedIdle++;
        continue;
      }
      Group group = registry.restore(saved.get());
      restored.add(group);
      log.info("session {} '{}' restored: {} members may resume", id, group.name(),
          saved.get().members().size());
    }
    return new Outcome(restored, endedIdle, setAside, cut);
  }

  private static void endIdle(JournalWriter writer, String id, ServerClock clock,
      long epochMicrosAtZero, Duration idleEnd) {
    JournalFile file = writer.file(id);
    long now = clock.nowMicros();
    writer.append(file, JournalRecord.newBuilder().setServerMicros(now)
        .setClockAnchor(ClockAnchor.newBuilder().setEpochMicrosAtZero(epochMicrosAtZero)).build());
    writer.append(file, JournalRecord.newBuilder().setServerMicros(now)
        .setGroupEnded(GroupEnded.newBuilder().setReason("The session ended after "
            + idleEnd.toMinutes() + " minutes without anyone connected (the server was down)."))
        .build());
    log.info("session {} ended: idle for longer than {} minutes", id, idleEnd.toMinutes());
  }
}
