package org.attune.server.mixer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.attune.audio.SampleClock;
import org.attune.audio.bus.BusSink;
import org.attune.audio.bus.GroupBus;
import org.attune.audio.wav.WavEncoding;
import org.attune.audio.wav.WavWriter;
import org.attune.protocol.v1.RecordingState;
import org.jctools.queues.SpscArrayQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One recording of a group's master mix to a WAV file: a sink on the group's bus that copies each
 * block into a preallocated chunk (two seconds of them), and a writer thread of its own that takes
 * the chunks to the file. The file's header is brought up to date every second, so that a file left
 * by a crash opens, up to its last second ({@link WavWriter}).
 *
 * <p>If the writer falls two seconds behind, the blocks it cannot keep are counted and written as
 * silence, so that the file's timing stays true; if a write fails (a full disk), the recording
 * stops, says why in its final state, and the group plays on.
 *
 * <p>Thread-safe: {@link #block} on the render thread (realtime-safe: no allocation, no lock, no
 * I/O); {@link #stop} and {@link #state} from any thread; {@code finished} is called once, on the
 * writer thread, with the final state.
 */
final class GroupRecording implements BusSink {

  private static final Logger log = LoggerFactory.getLogger(GroupRecording.class);
  private static final int CHUNKS = 2 * SampleClock.SAMPLE_RATE / SampleClock.BLOCK_FRAMES;
  private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

  private static final class Chunk {
    long frame;
    int frames;
    final float[] left = new float[SampleClock.BLOCK_FRAMES];
    final float[] right = new float[SampleClock.BLOCK_FRAMES];
  }

  private final GroupBus bus;
  private final String fileName;
  private final WavWriter writer;
  private final RecordingStats stats;
  private final Consumer<RecordingState> finished;
  private final SpscArrayQueue<Chunk> free = new SpscArrayQueue<>(CHUNKS);
  private final SpscArrayQueue<Chunk> filled = new SpscArrayQueue<>(CHUNKS);
  private final Thread thread;

  /** The bus frame of the file's first sample; -1 until the first block is written. */
  private volatile long firstFrame = -1;

  private volatile long framesWritten;
  private volatile boolean stopping;
  private volatile boolean done;

  /**
   * Opens {@code file} and starts recording {@code bus} into it.
   *
   * @throws IOException if the file cannot be made
   */
  GroupRecording(
      GroupBus bus,
      Path file,
      WavEncoding encoding,
      RecordingStats stats,
      Consumer<RecordingState> finished)
      throws IOException {
    Files.createDirectories(file.getParent());
    this.bus = bus;
    this.fileName = file.getFileName().toString();
    this.writer = WavWriter.open(file, encoding);
    this.stats = stats;
    this.finished = finished;
    for (int i = 0; i < CHUNKS; i++) {
      free.offer(new Chunk());
    }
    this.thread = new Thread(this::run, "attune-recording-" + bus.name());
    this.thread.setDaemon(true);
    stats.started.increment();
    stats.active.increment();
    thread.start();
    bus.addSink(this);
  }

  @Override
  public void block(long frame, float[] left, float[] right, int frames) {
    Chunk c = free.relaxedPoll();
    if (c == null) {
      // The writer is two seconds behind: this block is lost, and written as silence.
      return;
    }
    c.frame = frame;
    c.frames = frames;
    System.arraycopy(left, 0, c.left, 0, frames);
    System.arraycopy(right, 0, c.right, 0, frames);
    filled.relaxedOffer(c);
  }

  /** Stops taking blocks; the writer finishes the file and calls {@code finished}. */
  void stop() {
    bus.removeSink(this);
    stopping = true;
    LockSupport.unpark(thread);
  }

  /** Waits up to {@code millis} for the file to be finished. */
  void awaitFinished(long millis) throws InterruptedException {
    thread.join(millis);
  }

  /** True once the file is finished: stopped, or failed. */
  boolean done() {
    return done;
  }

  /** The recording as it is now. */
  RecordingState state() {
    return state(true, "");
  }

  private RecordingState state(boolean recording, String error) {
    long first = firstFrame;
    return RecordingState.newBuilder()
        .setRecording(recording)
        .setFile(fileName)
        .setFirstSampleServerMicros(first < 0 ? 0 : SampleClock.microsAt(first))
        .setFrames(framesWritten)
        .setError(error)
        .build();
  }

  private void run() {
    float[] silence = new float[SampleClock.BLOCK_FRAMES];
    String error = "";
    long next = -1;
    try {
      while (true) {
        Chunk c = filled.relaxedPoll();
        if (c == null) {
          if (stopping) {
            // The sink is off the bus: what is queued is all there will be.
            c = filled.poll();
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
        long gap = c.frame - next;
        if (gap > 0) {
          stats.droppedFrames.add(gap);
        }
        while (gap > 0) {
          int n = (int) Math.min(gap, silence.length);
          writer.write(silence, silence, n);
          gap -= n;
        }
        writer.write(c.left, c.right, c.frames);
        next = c.frame + c.frames;
        free.relaxedOffer(c);
        long before = framesWritten;
        framesWritten = writer.frames();
        stats.bytes.add((framesWritten - before) * 2L * writer.encoding().bitsPerSample() / 8);
      }
    } catch (IOException | RuntimeException e) {
      error =
          "The recording stopped: "
              + fileName
              + " could not be written ("
              + e.getMessage()
              + "). The session plays on.";
      stats.failed.increment();
      log.error("recording of group {}: {}", bus.name(), error);
      bus.removeSink(this);
    } finally {
      try {
        writer.close();
      } catch (IOException e) {
        if (error.isEmpty()) {
          error = "The recording could not be finished: " + e.getMessage();
          stats.failed.increment();
        }
      }
      stats.active.decrement();
    }
    done = true;
    finished.accept(state(false, error));
  }
}
