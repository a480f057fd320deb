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
 * members free to resume. A session idle longer than the idle end is ended instead; a journal that
 * cannot be read is set aside as {@code journal.unreadable} with a log line, and the others start.
 * New groups get ids after every session on disk.
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
  public record Outcome(
      List<Group> restored, int endedIdle, List<String> setAside, List<String> cut) {}

  private SessionRestore() {}

  /** What a session's directory held: its group, or why there is none to bring back. */
  private record Loaded(
      String id, Optional<SavedGroup> saved, Optional<String> setAside, Optional<String> cut) {}

  /**
   * Restores the sessions of {@code directory} into {@code registry}. The journals are read in
   * parallel (one thread a core), gestures left unparsed: a group needs its other records alone.
   *
   * @param epochMicrosAtZero the wall-clock time of this server's time 0
   */
  public static Outcome restore(
      DataDirectory directory,
      GroupRegistry registry,
      JournalWriter writer,
      ServerClock clock,
      long epochMicrosAtZero,
      Duration idleEnd)
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
      sessions =
          list.filter(Files::isDirectory)
              .sorted(Comparator.comparing(p -> p.getFileName().toString()))
              .toList();
    }
    List<Loaded> loaded = sessions.parallelStream().map(SessionRestore::load).toList();
    for (Loaded session : loaded) {
      registry.reserveId(session.id());
      session.setAside().ifPresent(setAside::add);
      session.cut().ifPresent(cut::add);
      if (session.saved().isEmpty()) {
        continue;
      }
      SavedGroup saved = session.saved().get();
      writer.file(session.id()).tailChecked();
      long nowEpoch = epochMicrosAtZero + clock.nowMicros();
      if (nowEpoch - saved.lastActivityEpochMicros() >= idleEnd.toNanos() / 1_000) {
        endIdle(writer, session.id(), clock, epochMicrosAtZero, idleEnd);
        endedIdle++;
        continue;
      }
      Group group = registry.restore(saved);
      restored.add(group);
      log.info(
          "session {} '{}' restored: {} members may resume",
          session.id(),
          group.name(),
          saved.members().size());
    }
    return new Outcome(restored, endedIdle, setAside, cut);
  }

  /**
   * Reads one session's journal: the group it leaves if its session goes on (its damaged tail cut,
   * so that appending goes on after the last valid record), or nothing if it ended; a journal that
   * makes no group is set aside whole.
   */
  private static Loaded load(Path session) {
    String id = session.getFileName().toString();
    Path journal = session.resolve(JournalFile.FILE_NAME);
    if (!Files.isRegularFile(journal)) {
      return new Loaded(id, Optional.empty(), Optional.empty(), Optional.empty());
    }
    try {
      JournalContents contents;
      Optional<SavedGroup> saved;
      try {
        contents = JournalReader.readWithoutGestures(journal);
        saved = JournalReplay.savedGroup(contents.records());
        if (saved.isPresent() && !saved.get().identity().id().equals(id)) {
          throw new IllegalArgumentException(
              "it is the journal of group " + saved.get().identity().id() + ", not of " + id);
        }
      } catch (IOException | RuntimeException e) {
        String why =
            journal
                + " cannot be read ("
                + e.getMessage()
                + "); it is set aside as "
                + SET_ASIDE_NAME
                + " and the session is not brought back";
        log.error("session {}: {}", id, why);
        Files.move(journal, session.resolve(SET_ASIDE_NAME), StandardCopyOption.REPLACE_EXISTING);
        return new Loaded(id, Optional.empty(), Optional.of(why), Optional.empty());
      }
      if (saved.isEmpty() || !contents.damaged()) {
        return new Loaded(id, saved, Optional.empty(), Optional.empty());
      }
      JournalReader.recover(journal);
      log.warn("session {}: {}", id, contents.damage().orElseThrow());
      return new Loaded(id, saved, Optional.empty(), contents.damage());
    } catch (IOException e) {
      String why =
          journal
              + " cannot be set aside or cut ("
              + e.getMessage()
              + "); the session is not brought back";
      log.error("session {}: {}", id, why);
      return new Loaded(id, Optional.empty(), Optional.of(why), Optional.empty());
    }
  }

  private static void endIdle(
      JournalWriter writer,
      String id,
      ServerClock clock,
      long epochMicrosAtZero,
      Duration idleEnd) {
    JournalFile file = writer.file(id);
    long now = clock.nowMicros();
    writer.append(
        file,
        JournalRecord.newBuilder()
            .setServerMicros(now)
            .setClockAnchor(ClockAnchor.newBuilder().setEpochMicrosAtZero(epochMicrosAtZero))
            .build());
    writer.append(
        file,
        JournalRecord.newBuilder()
            .setServerMicros(now)
            .setGroupEnded(
                GroupEnded.newBuilder()
                    .setReason(
                        "The session ended after "
                            + idleEnd.toMinutes()
                            + " minutes without anyone connected (the server was down)."))
            .build());
    log.info("session {} ended: idle for longer than {} minutes", id, idleEnd.toMinutes());
  }
}
