package org.attune.server.journal;

import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.attune.protocol.v1.JournalRecord;

/**
 * Reads a journal file back: every whole, intact frame from the start, up to the first that is
 * short, too long, fails its checksum or does not parse. What follows such a frame is not
 * trusted: after a crash in the middle of a write it is the torn last record; anywhere else it
 * is damage, and the file's framing can no longer be followed past it.
 *
 * <p>Thread-safe: yes (stateless); a file being appended to reads as far as it was written.
 */
public final class JournalReader {

  private JournalReader() {}

  /** Reads {@code file}; a damaged tail is reported in the result, never thrown. */
  public static JournalContents read(Path file) throws IOException {
    return read(file, true);
  }

  /**
   * Reads {@code file} as {@link #read} does, checking every frame, but leaves the gestures out of
   * the records: what bringing a group back needs, without parsing the bulk of its journal.
   */
  public static JournalContents readWithoutGestures(Path file) throws IOException {
    return read(file, false);
  }

  private static JournalContents read(Path file, boolean withGestures) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    List<JournalRecord> records = new ArrayList<>();
    Optional<String> damage = Optional.empty();
    int validEnd = 0;
    while (in.hasRemaining()) {
      int at = in.position();
      if (in.remaining() < JournalFrames.HEADER_BYTES) {
        damage = Optional.of(problem(file, at, bytes.length, "a torn frame header"));
        break;
      }
      int length = in.getInt();
      int checksum = in.getInt();
      if (length < 0 || length > JournalFrames.MAX_RECORD_BYTES) {
        damage = Optional.of(problem(file, at, bytes.length, "a frame length of " + length));
        break;
      }
      if (in.remaining() < length) {
        damage = Optional.of(problem(file, at, bytes.length,
            "a torn record (" + in.remaining() + " of its " + length + " bytes)"));
        break;
      }
      int payload = in.position();
      if (JournalFrames.checksum(bytes, payload, length) != checksum) {
        damage = Optional.of(problem(file, at, bytes.length, "a checksum that does not match"));
        break;
      }
      try {
        if (withGestures || !isGesture(bytes, payload, length)) {
          records.add(JournalRecord.parseFrom(ByteBuffer.wrap(bytes, payload, length)));
        }
      } catch (InvalidProtocolBufferException e) {
        damage = Optional.of(problem(file, at, bytes.length,
            "a record that does not parse (" + e.getMessage() + ")"));
        break;
      }
      in.position(payload + length);
      validEnd = in.position();
    }
    return new JournalContents(records, validEnd, bytes.length, damage);
  }

  /**
   * Reads {@code file} and, if its tail is damaged, cuts the file back to its valid records so
   * that appending can go on after them. The records it returns leave out the gestures, as
   * {@link #readWithoutGestures} does.
   */
  public static JournalContents recover(Path file) throws IOException {
    JournalContents contents = readWithoutGestures(file);
    if (contents.damaged()) {
      try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
        channel.truncate(contents.validBytes());
        channel.force(true);
      }
    }
    return contents;
  }

  /** Field 1 (server_micros, a varint) then field 5 (gesture): a JournalRecord's gesture. */
  private static final int SERVER_MICROS_TAG = (1 << 3) | 0;
  private static final int GESTURE_TAG = (5 << 3) | 2;

  /**
   * Whether the record's bytes are a gesture, read from its first tags alone; false for anything
   * else and whenever in doubt (the record is then parsed whole).
   */
  private static boolean isGesture(byte[] bytes, int offset, int length) {
    int at = offset;
    int end = offset + length;
    if (at < end && bytes[at] == SERVER_MICROS_TAG) {
      at++;
      while (at < end && bytes[at] < 0) {
        at++;
      }
      at++;
    }
    return at < end && bytes[at] == GESTURE_TAG;
  }

  private static String problem(Path file, int at, int fileBytes, String what) {
    return file + ": " + what + " at byte " + at + "; the " + (fileBytes - at)
        + " bytes from there on are cut";
  }
}
