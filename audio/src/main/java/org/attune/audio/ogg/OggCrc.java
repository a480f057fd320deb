package org.attune.audio.ogg;

/**
 * Ogg's page checksum (RFC 3533, section 6): CRC-32 with the generator polynomial 0x04c11db7, fed
 * most significant bit first, initial value 0 and no final inversion. It is not {@link
 * java.util.zip.CRC32}, which uses the same polynomial reflected, starts from all ones and inverts
 * the result.
 *
 * <p>Thread-safe: yes (stateless).
 */
final class OggCrc {

  private static final int[] TABLE = new int[256];

  static {
    for (int i = 0; i < 256; i++) {
      int r = i << 24;
      for (int bit = 0; bit < 8; bit++) {
        r = (r & 0x80000000) != 0 ? (r << 1) ^ 0x04c11db7 : r << 1;
      }
      TABLE[i] = r;
    }
  }

  private OggCrc() {}

  /** The checksum of {@code length} bytes of {@code bytes} from {@code offset}. */
  static int of(byte[] bytes, int offset, int length) {
    int crc = 0;
    for (int i = offset; i < offset + length; i++) {
      crc = (crc << 8) ^ TABLE[((crc >>> 24) ^ bytes[i]) & 0xff];
    }
    return crc;
  }
}
