package org.attune.server.journal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;
import org.attune.protocol.v1.JournalRecord;

/**
 * How a record sits in a journal file: a 4-byte little-endian length of the record's bytes, a
 * 4-byte little-endian CRC32C of them, then the bytes of the {@link JournalRecord}.
 *
 * <p>A frame is written whole or, if the process dies in the middle of it, found torn by its length
 * or its checksum on reading; nothing after a bad frame is trusted.
 *
 * <p>Thread-safe: yes (stateless).
 */
public final class JournalFrames {

  /** Bytes before a record's own: its length and its checksum. */
  public static final int HEADER_BYTES = 8;

  /** The largest record a journal holds; a length above it can only be damage. */
  public static final int MAX_RECORD_BYTES = 1 << 20;

  private JournalFrames() {}

  /** The bytes of {@code record}'s frame, header and all, in a new buffer ready to write. */
  public static ByteBuffer encode(JournalRecord record) {
    byte[] payload = record.toByteArray();
    if (payload.length > MAX_RECORD_BYTES) {
      throw new IllegalArgumentException(
          "a journal record of " + payload.length + " bytes; at most " + MAX_RECORD_BYTES);
    }
    ByteBuffer frame =
        ByteBuffer.allocate(HEADER_BYTES + payload.length).order(ByteOrder.LITTLE_ENDIAN);
    frame.putInt(payload.length);
    frame.putInt(checksum(payload, 0, payload.length));
    frame.put(payload);
    return frame.flip();
  }

  /** The CRC32C of {@code length} bytes of {@code bytes} from {@code offset}, as an int. */
  static int checksum(byte[] bytes, int offset, int length) {
    CRC32C crc = new CRC32C();
    crc.update(bytes, offset, length);
    return (int) crc.getValue();
  }
}
