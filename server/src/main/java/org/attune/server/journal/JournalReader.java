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
        records.add(JournalRecord.parseFrom(ByteBuffer.wrap(bytes, payload, length)));
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
   * that appending can go on after them.
   */
  public static JournalContents recover(Path file) throws IOException {
    JournalContents contents = read(file);
    if (contents.damaged()) {
      try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
        channel.truncate(contents.validBytes());
        channel.force(true);
      }
    }
    return contents;
  }

  private static String problem(Path file, int at, int fileBytes, String what) {
    return file + ": " + what + " at byte " + at + "; the " + (fileBytes - at)
        + " bytes from there on are cut";
  }
}
