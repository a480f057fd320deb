package org.attune.audio.ogg;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.attune.audio.opus.OpusFrameSize;
import org.attune.audio.opus.OpusPacketEncoder;

/**
 * Encodes the bus's stereo float blocks to Opus and writes them as an Ogg Opus file (RFC 7845): an
 * {@code OpusHead} page carrying the encoder's pre-skip, an {@code OpusTags} page, then audio pages
 * of about a second each whose granule positions count 48 kHz samples, and on {@link #close} a last
 * page marked end-of-stream whose granule position trims the final frame's padding.
 *
 * <p>Ogg needs no header to be finished at the end, so a file left by a crash plays up to its last
 * whole page: at most the last second (and the frame being gathered) is lost. Opus players and
 * tools ({@code opusinfo}, {@code opusdec}, ffmpeg, sox built with Opus) read it.
 *
 * <p>Thread-safe: no (one writer thread; never the render thread: it encodes, which allocates in
 * Concentus, and does file I/O).
 */
public final class OggOpusWriter implements Closeable {

  /** Audio pages are written after this many frames of audio (one second at 48 kHz). */
  public static final int PAGE_FRAMES = OpusFrameSize.SAMPLE_RATE;

  private static final String VENDOR = "Attune (Concentus 1.0.2)";

  private final OggPageWriter pages;
  private final OpusPacketEncoder encoder;
  private final int frameFrames;
  private final float[] pending;
  private final byte[] packet = new byte[OpusPacketEncoder.MAX_PACKET_BYTES];

  /** The last packet encoded from silence, and its length; -1 after a frame that sounded. */
  private final byte[] silencePacket = new byte[OpusPacketEncoder.MAX_PACKET_BYTES];

  private int lastSilence = -1;

  /** The length of {@link #silencePacket} once silence encodes to it twice running, else -1. */
  private int settledSilence = -1;

  private int pendingFrames;
  private long framesIn;

  /**
   * The granule position after the last packet: 48 kHz samples decoded so far, the pre-skip
   * included (RFC 7845 4), so the file plays {@code granule - preSkip} of the frames written.
   */
  private long granule;

  private long granuleAtPage;
  private boolean closed;

  private OggOpusWriter(FileChannel channel, OpusPacketEncoder encoder, int serial)
      throws IOException {
    this.pages = new OggPageWriter(channel, serial);
    this.encoder = encoder;
    this.frameFrames = encoder.frameSize().frames();
    this.pending = new float[frameFrames * OpusFrameSize.CHANNELS];
    writeHeaders();
  }

  /**
   * Creates (or truncates) {@code path} and writes the Opus headers.
   *
   * @param bitrate bits a second ({@link OpusPacketEncoder#DEFAULT_BITRATE} is 64 kbit/s)
   */
  public static OggOpusWriter open(Path path, OpusFrameSize frameSize, int bitrate)
      throws IOException {
    FileChannel channel =
        FileChannel.open(
            path,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE);
    try {
      // A stream's serial number only has to differ from others chained or multiplexed with it.
      return new OggOpusWriter(
          channel, new OpusPacketEncoder(frameSize, bitrate), path.getFileName().hashCode());
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  /**
   * The encoder's pre-skip, as written in {@code OpusHead}: 48 kHz samples to drop at the start.
   */
  public int preSkip() {
    return encoder.preSkip();
  }

  /** Frames given to {@link #write} so far. */
  public long frames() {
    return framesIn;
  }

  /** Bytes written to the file so far (whole pages). */
  public long bytesWritten() {
    return pages.bytesWritten();
  }

  /** Encodes {@code count} frames; a page goes to the file once a second of audio is gathered. */
  public void write(float[] left, float[] right, int count) throws IOException {
    if (closed) {
      throw new IOException("the file is closed");
    }
    for (int i = 0; i < count; i++) {
      pending[2 * pendingFrames] = left[i];
      pending[2 * pendingFrames + 1] = right[i];
      if (++pendingFrames == frameFrames) {
        encodePending();
      }
    }
    framesIn += count;
  }

  /**
   * Writes {@code count} frames of silence, as {@link #write} of zeros would: minutes of it (a
   * stem's start for a member who joined late) cost file writes, not encoding ({@link
   * #encodePending}).
   */
  public void writeSilence(long count) throws IOException {
    if (closed) {
      throw new IOException("the file is closed");
    }
    for (long left = count; left > 0; ) {
      int n = (int) Math.min(left, frameFrames - pendingFrames);
      Arrays.fill(pending, 2 * pendingFrames, 2 * (pendingFrames + n), 0f);
      pendingFrames += n;
      left -= n;
      if (pendingFrames == frameFrames) {
        encodePending();
      }
    }
    framesIn += count;
  }

  /**
   * Encodes the gathered frame. A frame of digital silence (a stem whose member is not playing, a
   * quiet master) is not encoded once the encoder's packets for silence have settled, repeating
   * byte for byte: that packet is written again, and the encoder, fed nothing, stays in the state
   * the decoder is in too. Silent stretches then cost almost nothing, so a recording's cost grows
   * with the members who play, not with those who listen.
   */
  private void encodePending() throws IOException {
    boolean silent = isSilent(pending);
    if (silent && settledSilence > 0) {
      addPacket(silencePacket, settledSilence);
      pendingFrames = 0;
      return;
    }
    int length = encoder.encode(pending, 0, packet);
    if (!silent) {
      lastSilence = -1;
      settledSilence = -1;
    } else if (length == lastSilence
        && Arrays.equals(packet, 0, length, silencePacket, 0, length)) {
      settledSilence = length;
    } else {
      System.arraycopy(packet, 0, silencePacket, 0, length);
      lastSilence = length;
    }
    addPacket(packet, length);
    pendingFrames = 0;
  }

  private static boolean isSilent(float[] frame) {
    for (float x : frame) {
      if (x != 0f) {
        return false;
      }
    }
    return true;
  }

  private void addPacket(byte[] bytes, int length) throws IOException {
    if (OggPageWriter.segmentsOf(length) > pages.segmentsLeft()) {
      pages.flush(granule, false);
      granuleAtPage = granule;
    }
    pages.add(bytes, 0, length);
    granule += frameFrames;
    if (granule - granuleAtPage >= PAGE_FRAMES) {
      pages.flush(granule, false);
      granuleAtPage = granule;
    }
  }

  /**
   * Encodes what is left, padded with silence until the decoder has given out every frame written
   * (the pre-skip delays it), writes the last page marked end-of-stream with the exact length, and
   * closes the file. Idempotent.
   */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      long end = encoder.preSkip() + framesIn;
      // At least one packet, so that the end-of-stream page is not empty.
      do {
        Arrays.fill(pending, 2 * pendingFrames, pending.length, 0f);
        pendingFrames = frameFrames;
        encodeForClose();
      } while (granule < end);
      // RFC 7845 4.4: the last page's granule position may end before its last packet does,
      // which tells the decoder to drop the padding.
      pages.flush(end, true);
    } finally {
      pages.close();
    }
  }

  private void encodeForClose() throws IOException {
    int length = encoder.encode(pending, 0, packet);
    if (OggPageWriter.segmentsOf(length) > pages.segmentsLeft()) {
      pages.flush(granule, false);
    }
    pages.add(packet, 0, length);
    granule += frameFrames;
    pendingFrames = 0;
  }

  private void writeHeaders() throws IOException {
    ByteBuffer head = ByteBuffer.allocate(19).order(ByteOrder.LITTLE_ENDIAN);
    head.put("OpusHead".getBytes(StandardCharsets.US_ASCII));
    head.put((byte) 1);
    head.put((byte) OpusFrameSize.CHANNELS);
    head.putShort((short) encoder.preSkip());
    head.putInt(OpusFrameSize.SAMPLE_RATE);
    head.putShort((short) 0);
    head.put((byte) 0);
    pages.add(head.array(), 0, head.position());
    pages.flush(0, false);

    byte[] vendor = VENDOR.getBytes(StandardCharsets.UTF_8);
    ByteBuffer tags = ByteBuffer.allocate(8 + 4 + vendor.length + 4).order(ByteOrder.LITTLE_ENDIAN);
    tags.put("OpusTags".getBytes(StandardCharsets.US_ASCII));
    tags.putInt(vendor.length);
    tags.put(vendor);
    tags.putInt(0);
    pages.add(tags.array(), 0, tags.position());
    pages.flush(0, false);
  }
}
