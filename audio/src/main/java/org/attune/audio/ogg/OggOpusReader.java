package org.attune.audio.ogg;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.attune.audio.opus.OpusFrameSize;
import org.attune.audio.opus.OpusPacketDecoder;

/**
 * Reads a single-stream Ogg Opus file (RFC 7845) whole: checks every page's capture pattern and
 * checksum, gathers its packets (across pages where they continue), and decodes the audio to 48 kHz
 * stereo floats with the pre-skip dropped and the end trimmed to the last granule position. A file
 * cut short (a crash) is read up to its last whole page; the cut is reported, not hidden.
 *
 * <p>Thread-safe: no; one reader, one thread. For tests and tools, not for the render thread.
 */
public final class OggOpusReader {

  /** What a file holds. */
  public record Contents(
      int preSkip,
      int pages,
      boolean endOfStream,
      boolean truncatedTail,
      long lastGranule,
      List<byte[]> audioPackets) {

    /** Frames the file plays: the last granule position less the pre-skip. */
    public long frames() {
      return Math.max(0, lastGranule - preSkip);
    }

    /**
     * The decoded audio, interleaved stereo, {@link #frames()} frames long, with the pre-skip
     * dropped: frame 0 is the first frame given to the writer.
     */
    public float[] decode() {
      OpusPacketDecoder decoder = new OpusPacketDecoder();
      float[] all = new float[0];
      float[] frame = new float[5760 * OpusFrameSize.CHANNELS];
      int n = 0;
      for (byte[] p : audioPackets) {
        int frames = decoder.decode(p, 0, p.length, frame, 0);
        if (all.length < (n + frames) * 2) {
          all = Arrays.copyOf(all, Math.max(all.length * 2, (n + frames) * 2));
        }
        System.arraycopy(frame, 0, all, n * 2, frames * 2);
        n += frames;
      }
      long keep = Math.min(frames(), Math.max(0, n - preSkip));
      return Arrays.copyOfRange(all, preSkip * 2, (int) (preSkip + keep) * 2);
    }
  }

  private OggOpusReader() {}

  /**
   * Reads {@code path}.
   *
   * @throws IOException if it cannot be read, is not Ogg, fails a checksum, or is not Opus
   */
  public static Contents read(Path path) throws IOException {
    byte[] bytes = Files.readAllBytes(path);
    ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    List<byte[]> packets = new ArrayList<>();
    ByteArrayOutputStream partial = new ByteArrayOutputStream();
    int pages = 0;
    long lastGranule = -1;
    boolean eos = false;
    boolean truncated = false;
    int pos = 0;
    while (pos < bytes.length) {
      if (bytes.length - pos < 27 || !isCapture(bytes, pos)) {
        if (pages == 0) {
          throw new IOException(path + " is not an Ogg file");
        }
        truncated = true;
        break;
      }
      int segments = bytes[pos + 26] & 0xff;
      if (bytes.length - pos < 27 + segments) {
        truncated = true;
        break;
      }
      int body = 0;
      for (int i = 0; i < segments; i++) {
        body += bytes[pos + 27 + i] & 0xff;
      }
      int length = 27 + segments + body;
      if (bytes.length - pos < length) {
        truncated = true;
        break;
      }
      int stored = in.getInt(pos + 22);
      byte[] page = Arrays.copyOfRange(bytes, pos, pos + length);
      Arrays.fill(page, 22, 26, (byte) 0);
      if (OggCrc.of(page, 0, length) != stored) {
        throw new IOException(path + ": page " + pages + " fails its checksum");
      }
      int flags = bytes[pos + 5];
      long granule = in.getLong(pos + 6);
      int at = pos + 27 + segments;
      for (int i = 0; i < segments; i++) {
        int lace = bytes[pos + 27 + i] & 0xff;
        partial.write(bytes, at, lace);
        at += lace;
        if (lace < 255) {
          packets.add(partial.toByteArray());
          partial.reset();
        }
      }
      if (granule != -1) {
        lastGranule = granule;
      }
      eos = (flags & 0x04) != 0;
      pages++;
      pos += length;
    }
    if (packets.size() < 2 || !startsWith(packets.get(0), "OpusHead")) {
      throw new IOException(path + " holds no Opus stream");
    }
    if (!startsWith(packets.get(1), "OpusTags")) {
      throw new IOException(path + ": the second packet is not OpusTags");
    }
    byte[] head = packets.get(0);
    int preSkip = (head[10] & 0xff) | (head[11] & 0xff) << 8;
    return new Contents(
        preSkip,
        pages,
        eos,
        truncated,
        lastGranule,
        List.copyOf(packets.subList(2, packets.size())));
  }

  private static boolean isCapture(byte[] b, int pos) {
    return b[pos] == 'O' && b[pos + 1] == 'g' && b[pos + 2] == 'g' && b[pos + 3] == 'S';
  }

  private static boolean startsWith(byte[] packet, String magic) {
    byte[] m = magic.getBytes(StandardCharsets.US_ASCII);
    return packet.length >= m.length && Arrays.equals(packet, 0, m.length, m, 0, m.length);
  }
}
