package org.attune.server.mixer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.attune.audio.SampleClock;
import org.attune.audio.bus.BusSink;
import org.attune.audio.bus.GroupBus;
import org.attune.audio.bus.StripSink;
import org.attune.protocol.v1.RecordFormat;
import org.attune.protocol.v1.RecordingState;
import org.jctools.queues.SpscArrayQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One recording of a group: its master mix to a WAV or Ogg Opus file and, if asked, each member's
 * strip to a stem of its own ({@link StemTracks}). A sink on the group's bus copies each block into
 * a preallocated chunk (four seconds of them) and, for stems, each sounding member strip into a
 * preallocated block from a shared pool; a writer thread of its own takes them to the files,
 * encoding Opus there, never on the render thread. A WAV file's header is brought up to date every
 * second and an Ogg Opus file gets a page every second, so that a file left by a crash opens, up to
 * its last second.
 *
 * <p>If the writer falls four seconds behind, the blocks it cannot keep are counted and written as
 * silence, so that the files' timing stays true; a stem block that finds the pool empty is likewise
 * counted and silent. If a write fails (a full disk), the recording stops, says why in its final
 * state, and the group plays on.
 *
 * <p>Thread-safe: {@link #block} and {@link #strips} on the render thread (realtime-safe: no
 * allocation, no lock, no I/O); {@link #stop} and {@link #state} from any thread; {@code finished}
 * is called once, on the writer thread, with the final state.
 */
final class GroupRecording implements BusSink, StripSink {

  private static final Logger log = LoggerFactory.getLogger(GroupRecording.class);
  private static final int CHUNKS = 4 * SampleClock.SAMPLE_RATE / SampleClock.BLOCK_FRAMES;

  /** Stem blocks in the pool: enough for eight members sounding in every queued chunk. */
  private static final int STEM_BLOCKS = 8 * CHUNKS;

  private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

  private static final class Chunk {
    long frame;
    int frames;
    final float[] left = new float[SampleClock.BLOCK_FRAMES];
    final float[] right = new float[SampleClock.BLOCK_FRAMES];

    /** Member strips in this block, and for each its member and block (null: silent). */
    int stems;

    final String[] stemMember;

    /** Per stem, its left and right channels: a pair from {@link #stemBlocks}, or null. */
    final float[][][] stemBlock;

    Chunk(int memberStrips) {
      stemMember = new String[memberStrips];
      stemBlock = new float[memberStrips][][];
    }
  }

  private final GroupBus bus;
  private final String fileName;
  private final RecordingFile master;
  private final Optional<StemTracks> stems;
  private final StripMembers members;
  private final RecordingStats stats;
  private final Consumer<RecordingState> finished;
  private final SpscArrayQueue<Chunk> free = new SpscArrayQueue<>(CHUNKS);
  private final SpscArrayQueue<Chunk> filled = new SpscArrayQueue<>(CHUNKS);

  /** Free stem blocks, left and right: the writer hands them back, the render thread takes them. */
  private final SpscArrayQueue<float[][]> stemBlocks;

  private final Thread thread;

  /** The chunk the strips of the block being rendered went into; render thread only. */
  private Chunk current;

  /** Stem frames lost because the pool was empty; written by the render thread only. */
  private volatile long stemFramesLost;

  /** The bus frame of the file's first sample; -1 until the first block is written. */
  private volatile long firstFrame = -1;

  private volatile long framesWritten;
  private volatile boolean stopping;
  private volatile boolean done;

  /**
   * Opens {@code file} (and the stems next to it, as members are heard) and starts recording {@code
   * bus} into it.
   *
   * @param members who plays on each member strip; read only if {@code withStems}
   * @throws IOException if the file cannot be made
   */
  GroupRecording(
      GroupBus bus,
      Path file,
      RecordFormat format,
      boolean withStems,
      StripMembers members,
      RecordingStats stats,
      Consumer<RecordingState> finished)
      throws IOException {
    Files.createDirectories(file.getParent());
    this.bus = bus;
    this.fileName = file.getFileName().toString();
    this.master = RecordingFile.open(file, format);
    this.members = members;
    this.stats = stats;
    this.finished = finished;
    String ext = RecordingFile.extension(format);
    this.stems =
        withStems
            ? Optional.of(
                new StemTracks(
                    file.getParent(),
                    fileName.substring(0, fileName.length() - ext.length()),
                    format,
                    bus.mixer().master().latencyFrames(),
                    SampleClock.BLOCK_FRAMES,
                    stats))
            : Optional.empty();
    int slots = withStems ? members.strips() : 0;
    for (int i = 0; i < CHUNKS; i++) {
      free.offer(new Chunk(slots));
    }
    stemBlocks = new SpscArrayQueue<>(withStems ? STEM_BLOCKS : 1);
    for (int i = 0; withStems && i < STEM_BLOCKS; i++) {
      stemBlocks.offer(new float[2][SampleClock.BLOCK_FRAMES]);
    }
    this.thread = new Thread(this::run, "attune-recording-" + bus.name());
    this.thread.setDaemon(true);
    stats.started.increment();
    stats.active.increment();
    thread.start();
    // The master first: a block whose strips were tapped always reaches the master sink too.
    bus.addSink(this);
    if (withStems) {
      bus.addStripSink(this);
    }
  }

  @Override
  public void strips(long frame, float[][] left, float[][] right, boolean[] sounding, int frames) {
    Chunk c = free.relaxedPoll();
    current = c;
    if (c == null) {
      return;
    }
    int n = 0;
    for (int s = 0; s < c.stemMember.length; s++) {
      String member = members.member(s);
      if (member == null) {
        continue;
      }
      float[][] block = null;
      if (sounding[s]) {
        block = stemBlocks.relaxedPoll();
        if (block == null) {
          stemFramesLost += frames;
        } else {
          System.arraycopy(left[s], 0, block[0], 0, frames);
          System.arraycopy(right[s], 0, block[1], 0, frames);
        }
      }
      c.stemMember[n] = member;
      c.stemBlock[n] = block;
      n++;
    }
    c.stems = n;
  }

  @Override
  public void block(long frame, float[] left, float[] right, int frames) {
    Chunk c = current;
    current = null;
    if (c == null) {
      c = free.relaxedPoll();
      if (c == null) {
        // The writer is four seconds behind: this block is lost, and written as silence.
        return;
      }
      c.stems = 0;
    }
    c.frame = frame;
    c.frames = frames;
    System.arraycopy(left, 0, c.left, 0, frames);
    System.arraycopy(right, 0, c.right, 0, frames);
    filled.relaxedOffer(c);
  }

  /** Stops taking blocks; the writer finishes the files and calls {@code finished}. */
  void stop() {
    bus.removeStripSink(this);
    bus.removeSink(this);
    stopping = true;
    LockSupport.unpark(thread);
  }

  /** Waits up to {@code millis} for the files to be finished. */
  void awaitFinished(long millis) throws InterruptedException {
    thread.join(millis);
  }

  /** True once the files are finished: stopped, or failed. */
  boolean done() {
    return done;
  }

  /** The recording as it is now. */
  RecordingState state() {
    return state(true, "");
  }

  private RecordingState state(boolean recording, String error) {
    long first = firstFrame;
    RecordingState.Builder state =
        RecordingState.newBuilder()
            .setRecording(recording)
            .setFile(fileName)
            .setFirstSampleServerMicros(first < 0 ? 0 : SampleClock.microsAt(first))
            .setFrames(framesWritten)
            .setError(error);
    stems.ifPresent(s -> state.addAllStemFiles(s.fileNames()));
    return state.build();
  }

  private void run() {
    String error = "";
    long next = -1;
    long bytes = 0;
    long lostCounted = 0;
    try {
      while (true) {
        Chunk c = filled.relaxedPoll();
        if (c == null) {
          if (stopping) {
            // The sinks are off the bus: what is queued is all there will be.
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
          master.writeSilence(gap);
          if (stems.isPresent()) {
            stems.get().silence(gap);
          }
        }
        long before = master.frames();
        master.write(c.left, c.right, c.frames);
        if (stems.isPresent()) {
          writeStems(stems.get(), c, before);
        }
        next = c.frame + c.frames;
        free.relaxedOffer(c);
        framesWritten = master.frames();
        long nowBytes = master.bytes() + stems.map(StemTracks::bytes).orElse(0L);
        stats.bytes.add(nowBytes - bytes);
        bytes = nowBytes;
        long lost = stemFramesLost;
        stats.droppedStemFrames.add(lost - lostCounted);
        lostCounted = lost;
      }
    } catch (IOException | RuntimeException e) {
      error =
          "The recording stopped: "
              + fileName
              + (stems.isPresent() ? " or a stem" : "")
              + " could not be written ("
              + e.getMessage()
              + "). The session plays on.";
      stats.failed.increment();
      log.error("recording of group {}: {}", bus.name(), error);
      bus.removeStripSink(this);
      bus.removeSink(this);
    } finally {
      try {
        master.close();
        if (stems.isPresent()) {
          stems.get().close();
        }
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

  private void writeStems(StemTracks tracks, Chunk c, long masterBefore) throws IOException {
    tracks.beginBlock();
    for (int i = 0; i < c.stems; i++) {
      float[][] block = c.stemBlock[i];
      if (block == null) {
        tracks.write(c.stemMember[i], masterBefore, null, null, c.frames);
      } else {
        tracks.write(c.stemMember[i], masterBefore, block[0], block[1], c.frames);
        c.stemBlock[i] = null;
        stemBlocks.relaxedOffer(block);
      }
      c.stemMember[i] = null;
    }
    tracks.endBlock(c.frames);
  }
}
