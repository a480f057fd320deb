package org.attune.audio.device;

import java.io.IOException;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.DataLine;
import javax.sound.sampled.LineUnavailableException;
import javax.sound.sampled.Mixer;
import javax.sound.sampled.SourceDataLine;
import org.attune.audio.SampleClock;
import org.attune.audio.bus.BusSink;

/**
 * Plays what a bus renders on this machine's sound device, through a {@code javax.sound.sampled}
 * line (48 kHz, 16-bit stereo): the render thread copies each block into a preallocated chunk, and
 * a feeder thread of its own converts the chunks and writes them to the line, which paces it.
 *
 * <p>The bus renders on the server's clock and the device plays on its own crystal: when the line
 * takes blocks slower than they come, the queue (a quarter of a second) fills and blocks are
 * dropped, counted in {@link #droppedBlocks()}; when faster, the line runs dry for a moment
 * (counted by the device, audible as a click) until the next block.
 *
 * <p>Thread-safe: {@link #block} on the render thread (realtime-safe: no allocation, no lock, no
 * I/O); the rest from any thread.
 */
public final class LinePlayback implements BusSink, AutoCloseable {

  private static final AudioFormat FORMAT =
      new AudioFormat(SampleClock.SAMPLE_RATE, 16, 2, true, false);
  private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

  /** The line's own buffer: 40 ms, room for the feeder's wake-ups. */
  private static final int LINE_BUFFER_BYTES = SampleClock.SAMPLE_RATE / 25 * FORMAT.getFrameSize();

  private final SourceDataLine line;
  private final BlockQueue queue = BlockQueue.forSeconds(0.25);
  private final LongAdder droppedBlocks = new LongAdder();
  private final Thread thread;
  private volatile boolean running = true;

  private LinePlayback(SourceDataLine line) {
    this.line = line;
    this.thread = new Thread(this::run, "attune-line-playback");
    this.thread.setDaemon(true);
    this.thread.setPriority(Thread.MAX_PRIORITY);
    thread.start();
  }

  /**
   * Opens the default sound device's output line.
   *
   * @throws IOException with a sentence for a person if this machine has no such line (a headless
   *     server, a container) or it is busy
   */
  public static LinePlayback open(String instead) throws IOException {
    return open(Optional.empty(), instead);
  }

  /**
   * Opens an output line of the sound device whose mixer's name contains {@code device} (as {@code
   * javax.sound.sampled} lists them), or of the default device.
   *
   * @param instead what to do instead, said after the reason where no line can be opened
   * @throws IOException with a sentence for a person if there is no such line or it is busy
   */
  public static LinePlayback open(Optional<String> device, String instead) throws IOException {
    DataLine.Info info = new DataLine.Info(SourceDataLine.class, FORMAT);
    Optional<Mixer.Info> mixer = Optional.empty();
    if (device.isPresent()) {
      mixer =
          Arrays.stream(AudioSystem.getMixerInfo())
              .filter(m -> m.getName().contains(device.get()))
              .filter(m -> AudioSystem.getMixer(m).isLineSupported(info))
              .findFirst();
      if (mixer.isEmpty()) {
        throw new IOException(
            "No sound device named like \""
                + device.get()
                + "\" plays 48 kHz 16-bit stereo here (devices: "
                + deviceNames()
                + "); "
                + instead);
      }
    } else if (!AudioSystem.isLineSupported(info)) {
      throw new IOException(
          "This machine has no sound output that plays 48 kHz 16-bit stereo"
              + " (no sound card, or none Java can use); "
              + instead);
    }
    try {
      SourceDataLine line =
          (SourceDataLine)
              (mixer.isPresent()
                  ? AudioSystem.getMixer(mixer.get()).getLine(info)
                  : AudioSystem.getLine(info));
      line.open(FORMAT, LINE_BUFFER_BYTES);
      line.start();
      return new LinePlayback(line);
    } catch (LineUnavailableException | IllegalArgumentException | SecurityException e) {
      throw new IOException(
          "The sound output cannot be opened (" + e.getMessage() + "); " + instead, e);
    }
  }

  /** The names of the sound devices Java sees, for messages. */
  static String deviceNames() {
    String names =
        Arrays.stream(AudioSystem.getMixerInfo())
            .map(Mixer.Info::getName)
            .collect(Collectors.joining(", "));
    return names.isEmpty() ? "none" : names;
  }

  @Override
  public void block(long frame, float[] left, float[] right, int frames) {
    if (running && !queue.offer(frame, left, right, frames)) {
      droppedBlocks.increment();
    }
  }

  /** Blocks the device did not take in time and that were not played. */
  public long droppedBlocks() {
    return droppedBlocks.sum();
  }

  /** Stops the feeder and closes the line. */
  @Override
  public void close() {
    running = false;
    LockSupport.unpark(thread);
    try {
      thread.join(1_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    line.stop();
    line.close();
  }

  private void run() {
    byte[] bytes = new byte[SampleClock.BLOCK_FRAMES * FORMAT.getFrameSize()];
    while (running) {
      BlockQueue.Chunk c = queue.poll();
      if (c == null) {
        LockSupport.parkNanos(IDLE_PARK_NANOS);
        continue;
      }
      int n = toPcm16(c, bytes);
      queue.recycle(c);
      line.write(bytes, 0, n);
    }
  }

  /** The chunk as interleaved little-endian 16-bit PCM, clipped; returns the bytes filled. */
  static int toPcm16(BlockQueue.Chunk c, byte[] out) {
    int b = 0;
    for (int i = 0; i < c.frames; i++) {
      b = put(out, b, c.left[i]);
      b = put(out, b, c.right[i]);
    }
    return b;
  }

  private static int put(byte[] out, int at, float sample) {
    int v = Math.round(Math.max(-1f, Math.min(1f, sample)) * 32767);
    out[at] = (byte) v;
    out[at + 1] = (byte) (v >> 8);
    return at + 2;
  }
}
