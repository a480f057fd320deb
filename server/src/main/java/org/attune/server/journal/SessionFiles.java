package org.attune.server.journal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.sound.midi.MidiSystem;
import org.attune.server.journal.export.SessionExportException;
import org.attune.server.journal.export.SessionMidiExport;
import org.attune.server.journal.export.SessionScore;
import org.attune.server.journal.export.SessionScoreReader;

/**
 * What a session keeps for its facilitator to take away, as downloads: its recordings, listed and
 * opened by name, and its Standard MIDI File export, made from the journal on request (of a session
 * still playing, as far as it has been written).
 *
 * <p>Names are checked before any path is made of them: a session id as the server makes them, a
 * recording's name of letters, digits, dots, dashes and underscores with an audio extension, so
 * that no request reaches a file outside the session's recordings.
 *
 * <p>Thread-safe: stateless apart from the directory; reads the disk, so call it off the event
 * loops.
 */
public final class SessionFiles {

  /** A session id as the server makes them (and as a directory name can be one). */
  private static final Pattern SESSION_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  /** A recording's file name. */
  private static final Pattern RECORDING =
      Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}\\.(wav|opus|ogg)");

  /** One recording: its file name, size and last change. */
  public record Recording(String name, long bytes, Instant modified) {}

  private final DataDirectory data;

  public SessionFiles(DataDirectory data) {
    this.data = data;
  }

  /** Whether {@code id} can name a session at all (checked before anything is read). */
  public static boolean isSessionId(String id) {
    return SESSION_ID.matcher(id).matches();
  }

  /** Whether session {@code id} exists (has a journal) and {@code key} is its facilitator key. */
  public boolean opens(String id, String key) throws IOException {
    return isSessionId(id) && SessionKeyCheck.opens(data, id, key);
  }

  /** The recordings of session {@code id}, oldest first; empty if it has none. */
  public List<Recording> recordings(String id) throws IOException {
    List<Recording> found = new ArrayList<>();
    Path dir = data.recordings(id);
    if (!isSessionId(id) || !Files.isDirectory(dir)) {
      return found;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path file : files) {
        String name = file.getFileName().toString();
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        if (attributes.isRegularFile() && RECORDING.matcher(name).matches()) {
          found.add(
              new Recording(name, attributes.size(), attributes.lastModifiedTime().toInstant()));
        }
      }
    }
    found.sort(Comparator.comparing(Recording::modified).thenComparing(Recording::name));
    return found;
  }

  /** The file of recording {@code name} of session {@code id}, if there is one by that name. */
  public Optional<Path> recording(String id, String name) {
    if (!isSessionId(id) || !RECORDING.matcher(name).matches()) {
      return Optional.empty();
    }
    Path file = data.recordings(id).resolve(name);
    return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
  }

  /**
   * The session's MIDI export (format 1, one track per part and a conductor track), as {@code
   * attune sessions export} writes it.
   *
   * @throws SessionExportException if the journal cannot be exported
   */
  public byte[] midiExport(String id) throws IOException, SessionExportException {
    SessionScore score = SessionScoreReader.read(data.journal(id));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    MidiSystem.write(SessionMidiExport.sequence(score).sequence(), 1, out);
    return out.toByteArray();
  }
}
