package org.attune.server.journal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.attune.protocol.v1.JournalRecord;

/**
 * The sessions of a data directory: each directory under {@code sessions/} is one, summarized from
 * its journal ({@link SessionSummary}); deleting one removes its directory and everything in it
 * (journal, recordings, exports).
 *
 * <p>A journal with a damaged tail is listed with its damage; one that cannot be read at all (or a
 * session directory without a journal) is listed as unreadable. Neither is an error.
 *
 * <p>Thread-safe: yes (stateless apart from the directory). It reads the files as they are: a
 * session that a running server is writing is summarized as far as it is written.
 */
public final class SessionCatalog {

  /** A session id as a journal's directory name can be one. */
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  private final DataDirectory data;

  public SessionCatalog(DataDirectory data) {
    this.data = data;
  }

  public DataDirectory data() {
    return data;
  }

  /** Every session, oldest first (sessions without a creation time last, by id). */
  public List<SessionSummary> list() throws IOException {
    List<SessionSummary> sessions = new ArrayList<>();
    Path root = data.sessions();
    if (!Files.isDirectory(root)) {
      return sessions;
    }
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root, Files::isDirectory)) {
      for (Path dir : dirs) {
        sessions.add(summarize(dir.getFileName().toString()));
      }
    }
    sessions.sort(
        Comparator.comparing((SessionSummary s) -> s.created().orElse(Instant.MAX))
            .thenComparing(SessionSummary::groupId));
    return sessions;
  }

  /**
   * The session {@code id}.
   *
   * @throws SessionCatalogException if there is no such session
   */
  public SessionSummary find(String id) throws SessionCatalogException, IOException {
    if (!ID.matcher(id).matches() || !Files.isDirectory(data.session(id))) {
      throw new SessionCatalogException(
          "No session \""
              + id
              + "\" in "
              + data.sessions()
              + "; 'attune sessions list' shows the sessions and their ids.");
    }
    return summarize(id);
  }

  /**
   * Deletes session {@code id}: its directory and every file in it.
   *
   * @param force delete a session that has not ended too (one a running server may still be
   *     writing, or one a restarted server would bring back)
   * @return the session as it was
   * @throws SessionCatalogException if there is no such session, or it has not ended and {@code
   *     force} is false; nothing is deleted then
   */
  public SessionSummary delete(String id, boolean force)
      throws SessionCatalogException, IOException {
    SessionSummary session = find(id);
    if (!session.hasEnded() && !force) {
      throw new SessionCatalogException(
          "Session "
              + id
              + " has not ended: it may still be live"
              + " on a server, or a restarted server would bring it back. End it first, or delete it"
              + " anyway with --force.");
    }
    deleteTree(session.directory());
    return session;
  }

  private SessionSummary summarize(String id) throws IOException {
    Path dir = data.session(id);
    Path journal = data.journal(id);
    if (!Files.isRegularFile(journal)) {
      return new SessionSummary(
          id,
          dir,
          "",
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          0,
          0,
          0,
          Optional.empty(),
          Optional.of("the session has no journal file"));
    }
    JournalContents contents;
    try {
      contents = JournalReader.read(journal);
    } catch (IOException e) {
      return new SessionSummary(
          id,
          dir,
          "",
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          0,
          0,
          sizeOf(journal),
          Optional.empty(),
          Optional.of("the journal cannot be read: " + e.getMessage()));
    }
    String name = "";
    Optional<Instant> created = Optional.empty();
    Optional<String> ended = Optional.empty();
    Set<String> members = new HashSet<>();
    long gestures = 0;
    JournalWallClock clock = new JournalWallClock(contents.records());
    Optional<Instant> last = Optional.empty();
    for (JournalRecord r : contents.records()) {
      long wall = clock.wallMicros(r);
      switch (r.getEntryCase()) {
        case GROUP_CREATED -> {
          name = r.getGroupCreated().getName();
          created = Optional.of(Instant.ofEpochMilli(r.getGroupCreated().getCreatedEpochMillis()));
        }
        case MEMBER_JOINED -> members.add(r.getMemberJoined().getMember().getParticipantId());
        case GESTURE -> gestures++;
        case GROUP_ENDED -> ended = Optional.of(r.getGroupEnded().getReason());
        default -> {}
      }
      if (clock.anchored()) {
        last =
            Optional.of(
                Instant.ofEpochSecond(
                    Math.floorDiv(wall, 1_000_000), Math.floorMod(wall, 1_000_000) * 1_000L));
      }
    }
    Optional<String> unreadable =
        created.isEmpty()
            ? Optional.of(
                contents.records().isEmpty()
                    ? "the journal holds no valid record"
                    : "the journal holds no group_created record")
            : Optional.empty();
    return new SessionSummary(
        id,
        dir,
        name,
        created,
        last,
        ended,
        members.size(),
        gestures,
        contents.fileBytes(),
        contents.damage(),
        unreadable);
  }

  private static long sizeOf(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return 0;
    }
  }

  /** Deletes {@code dir} and everything under it; what is already gone is no error. */
  private static void deleteTree(Path dir) throws IOException {
    Files.walkFileTree(
        dir,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            Files.deleteIfExists(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
            if (e instanceof NoSuchFileException) {
              return FileVisitResult.CONTINUE;
            }
            throw e;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
            if (e != null) {
              throw e;
            }
            Files.deleteIfExists(d);
            return FileVisitResult.CONTINUE;
          }
        });
  }
}
