package org.attune.audio.ogg;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;

/**
 * Writes one logical Ogg bitstream (RFC 3533) to a file, page by page: packets are gathered into
 * the current page, which {@link #flush} hands to the operating system whole, with its granule
 * position, sequence number and checksum. A packet never spans two pages here (the caller flushes
 * before a page would pass 255 lacing values), so every page ends on a packet boundary and a file
 * cut after any page is a valid stream up to it.
 *
 * <p>Thread-safe: no (one writer thread; never the render thread: it does file I/O). It allocates
 * nothing per page.
 */
final class OggPageWriter implements Closeable {

  /** The most lacing values, and so segments, in one page. */
  static final int MAX_SEGMENTS = 255;

  private static final int HEADER_BYTES = 27;
  private static final int MAX_BODY = MAX_SEGMENTS * 255;
  private static final int FLAG_BOS = 0x02;
  private static final int FLAG_EOS = 0x04;

  private final FileChannel channel;
  private final int serial;
  private final byte[] page = new byte[HEADER_BYTES + MAX_SEGMENTS + MAX_BODY];
  private final byte[] body = new byte[MAX_BODY];
  private final byte[] lacing = new byte[MAX_SEGMENTS];
  private final ByteBuffer out = ByteBuffer.wrap(page);
  private int segments;
  private int bodyBytes;
  private int packets;
  private int sequence;
  private boolean first = true;
  private long bytesWritten;

  OggPageWriter(FileChannel channel, int serial) {
    this.channel = channel;
    this.serial = serial;
  }

  /** Lacing values a packet of {@code length} bytes takes. */
  static int segmentsOf(int length) {
    return length / 255 + 1;
  }

  /** Lacing values left in the current page. */
  int segmentsLeft() {
    return MAX_SEGMENTS - segments;
  }

  /** Packets in the current page. */
  int packets() {
    return packets;
  }

  /** Bytes handed to the file so far. */
  long bytesWritten() {
    return bytesWritten;
  }

  /**
   * Adds a whole packet to the current page.
   *
   * @throws IllegalStateException if it does not fit: flush first
   */
  void add(byte[] packet, int offset, int length) {
    int need = segmentsOf(length);
    if (need > segmentsLeft()) {
      throw new IllegalStateException(
          "a packet of " + length + " bytes does not fit the page's " + segmentsLeft() + " lacing");
    }
    for (int left = length; ; left -= 255) {
      lacing[segments++] = (byte) Math.min(255, left);
      if (left < 255) {
        break;
      }
    }
    System.arraycopy(packet, offset, body, bodyBytes, length);
    bodyBytes += length;
    packets++;
  }

  /**
   * Writes the current page with {@code granule} (the granule position after its last packet) and
   * starts a new one. The first page written is marked beginning-of-stream.
   *
   * @param last marks the page end-of-stream
   */
  void flush(long granule, boolean last) throws IOException {
    int length = HEADER_BYTES + segments + bodyBytes;
    out.clear();
    out.order(ByteOrder.LITTLE_ENDIAN);
    out.put((byte) 'O').put((byte) 'g').put((byte) 'g').put((byte) 'S');
    out.put((byte) 0);
    out.put((byte) ((first ? FLAG_BOS : 0) | (last ? FLAG_EOS : 0)));
    out.putLong(granule);
    out.putInt(serial);
    out.putInt(sequence);
    out.putInt(0);
    out.put((byte) segments);
    out.put(lacing, 0, segments);
    out.put(body, 0, bodyBytes);
    int crc = OggCrc.of(page, 0, length);
    out.putInt(22, crc);
    ByteBuffer whole = ByteBuffer.wrap(page, 0, length);
    while (whole.hasRemaining()) {
      channel.write(whole);
    }
    bytesWritten += length;
    sequence++;
    first = false;
    segments = 0;
    bodyBytes = 0;
    packets = 0;
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
