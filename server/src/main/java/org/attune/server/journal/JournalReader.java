package org.attune.server.journal;

import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32C;
import org.attune.protocol.v1.JournalRecord;

/**
 * Reads a journal file back: every whole, intact frame from the start, up to the first that is
 * short, too long, fails its checksum or does not parse (an intact gesture record that does not
 * parse is left out and reading goes on). What follows such a frame is not trusted: after a crash
 * in the middle of a write it is the torn last record; anywhere else it is damage, and the file's
 * framing can no longer be followed past it.
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
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = channel.size();
      if (size > Integer.MAX_VALUE) {
        throw new IOException(file + " is larger than 2 GiB, more than a journal can be");
      }
      // Mapped, not copied: a restore reads gigabytes of journals and parses little of them.
      ByteBuffer in =
          channel.map(FileChannel.MapMode.READ_ONLY, 0, size).order(ByteOrder.LITTLE_ENDIAN);
      return readFrames(file, in, withGestures);
    }
  }

  /**
   * Reads a journal's bytes as {@link #read(Path)} reads its file (from the buffer's position to
   * its limit; the buffer itself is left as it is); {@code file} only names them in the damage
   * report. For tools and tests that hold the bytes already.
   */
  public static JournalContents read(Path file, ByteBuffer bytes, boolean withGestures) {
    return readFrames(file, bytes.slice().order(ByteOrder.LITTLE_ENDIAN), withGestures);
  }

  private static JournalContents readFrames(Path file, ByteBuffer in, boolean withGestures) {
    int fileBytes = in.limit();
    ByteBuffer payloadView = in.duplicate();
    CRC32C crc = new CRC32C();
    List<JournalRecord> records = new ArrayList<>();
    Optional<String> damage = Optional.empty();
    int validEnd = 0;
    while (in.hasRemaining()) {
      int at = in.position();
      if (in.remaining() < JournalFrames.HEADER_BYTES) {
        damage = Optional.of(problem(file, at, fileBytes, "a torn frame header"));
        break;
      }
      int length = in.getInt();
      int checksum = in.getInt();
      if (length < 0 || length > JournalFrames.MAX_RECORD_BYTES) {
        damage = Optional.of(problem(file, at, fileBytes, "a frame length of " + length));
        break;
      }
      if (in.remaining() < length) {
        damage =
            Optional.of(
                problem(
                    file,
                    at,
                    fileBytes,
                    "a torn record (" + in.remaining() + " of its " + length + " bytes)"));
        break;
      }
      int payload = in.position();
      payloadView.limit(payload + length).position(payload);
      crc.reset();
      crc.update(payloadView);
      if ((int) crc.getValue() != checksum) {
        damage = Optional.of(problem(file, at, fileBytes, "a checksum that does not match"));
        break;
      }
      boolean gesture = isGesture(in, payload, length);
      try {
        if (withGestures || !gesture) {
          payloadView.limit(payload + length).position(payload);
          records.add(JournalRecord.parseFrom(payloadView));
        }
      } catch (InvalidProtocolBufferException e) {
        if (!gesture) {
          damage =
              Optional.of(
                  problem(
                      file,
                      at,
                      fileBytes,
                      "a record that does not parse (" + e.getMessage() + ")"));
          break;
        }
        // An intact frame (its checksum matches) whose gesture does not parse: left out, as the
        // reader without gestures leaves every gesture out, and the framing goes on. Both readers
        // then agree on where the valid records end, so that a recovery never cuts or keeps what
        // the other would not.
      }
      in.position(payload + length);
      validEnd = in.position();
    }
    return new JournalContents(records, validEnd, fileBytes, damage);
  }

  /**
   * Reads {@code file} and, if its tail is damaged, cuts the file back to its valid records so that
   * appending can go on after them. The records it returns leave out the gestures, as {@link
   * #readWithoutGestures} does.
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
  private static boolean isGesture(ByteBuffer bytes, int offset, int length) {
    int at = offset;
    int end = offset + length;
    if (at < end && bytes.get(at) == SERVER_MICROS_TAG) {
      at++;
      while (at < end && bytes.get(at) < 0) {
        at++;
      }
      at++;
    }
    return at < end && bytes.get(at) == GESTURE_TAG;
  }

  private static String problem(Path file, int at, int fileBytes, String what) {
    return file
        + ": "
        + what
        + " at byte "
        + at
        + "; the "
        + (fileBytes - at)
        + " bytes from there on are cut";
  }
}
