package org.attune.client.render;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.attune.audio.SampleClock;
import org.attune.audio.bus.BusSink;
import org.attune.audio.device.BlockQueue;
import org.attune.audio.wav.WavEncoding;
import org.attune.audio.wav.WavWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes what a bus renders to a WAV file (48 kHz stereo): the render thread copies each block into
 * a preallocated chunk (two seconds of them), and a writer thread of its own takes the chunks to
 * the file, whose header is brought up to date every second ({@link WavWriter}). Blocks lost
 * because the writer fell behind are written as silence (and counted), so that the file's timing
 * stays true: its first sample is bus frame {@link #firstFrame()}, and every frame after follows.
 *
 * <p>A write that fails (a full disk) stops the file and is reported by {@link #error()} and by
 * {@link #close()}; the rendering goes on.
 *
 * <p>Thread-safe: {@link #block} on the render thread (realtime-safe: no allocation, no lock, no
 * I/O); the rest from any thread.
 */
public final class WavFileSink implements BusSink, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(WavFileSink.class);
  private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

  private final Path file;
  private final WavWriter writer;
  private final BlockQueue queue = BlockQueue.forSeconds(2);
  private final Thread thread;
  private final LongAdder droppedFrames = new LongAdder();
  private volatile long firstFrame = -1;
  private volatile long frames;
  private volatile boolean stopping;
  private volatile boolean accepting = true;
  private volatile String error = "";

  private WavFileSink(Path file, WavWriter writer) {
    this.file = file;
    this.writer = writer;
    this.thread = new Thread(this::run, "attune-local-wav");
    this.thread.setDaemon(true);
    thread.start();
  }

  /**
   * Creates (or replaces) {@code file} as a 24-bit PCM WAV file and starts its writer.
   *
   * @throws IOException if the file cannot be made
   */
  public static WavFileSink open(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    return new WavFileSink(file, WavWriter.open(file, WavEncoding.PCM_24_DITHERED));
  }

  @Override
  public void block(long frame, float[] left, float[] right, int n) {
    if (accepting && !queue.offer(frame, left, right, n)) {
      droppedFrames.add(n);
    }
  }

  public Path file() {
    return file;
  }

  /** The bus frame of the file's first sample; -1 before the first block. */
  public long firstFrame() {
    return firstFrame;
  }

  /** Frames written so far. */
  public long frames() {
    return frames;
  }

  /** Frames written as silence because the writer fell behind. */
  public long droppedFrames() {
    return droppedFrames.sum();
  }

  /** Why the file stopped early, or "" if it did not. */
  public String error() {
    return error;
  }

  /**
   * Takes no more blocks, writes what is queued and finishes the file (waiting up to two seconds).
   *
   * @throws IOException if a write failed on the way (the file holds what came before)
   */
  @Override
  public void close() throws IOException {
    stopping = true;
    LockSupport.unpark(thread);
    try {
      thread.join(2_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (!error.isEmpty()) {
      throw new IOException(error);
    }
  }

  private void run() {
    float[] silence = new float[SampleClock.BLOCK_FRAMES];
    long next = -1;
    try {
      while (true) {
        BlockQueue.Chunk c = queue.poll();
        if (c == null) {
          if (stopping) {
            accepting = false;
            c = queue.poll();
            if (c == null) {
              break;
            }
          } else {
            LockSupport.parkNanos(IDLE_PARK_NANOS);
            continue;
          }
        }
        if (next < 0) {
          next = c.frame;
          firstFrame = c.frame;
        }
        for (long gap = c.frame - next; gap > 0; ) {
          int n = (int) Math.min(gap, silence.length);
          writer.write(silence, silence, n);
          gap -= n;
        }
        writer.write(c.left, c.right, c.frames);
        next = c.frame + c.frames;
        queue.recycle(c);
        frames = writer.frames();
      }
    } catch (IOException | RuntimeException e) {
      accepting = false;
      error = file + " could not be written (" + e.getMessage() + ")";
      log.error("local rendering: {}", error);
    } finally {
      try {
        writer.close();
      } catch (IOException e) {
        if (error.isEmpty()) {
          error = file + " could not be finished (" + e.getMessage() + ")";
        }
      }
    }
  }
}
