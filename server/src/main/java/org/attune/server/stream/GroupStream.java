package org.attune.server.stream;

import com.google.protobuf.ByteString;
import java.util.function.Consumer;
import org.attune.audio.SampleClock;
import org.attune.audio.bus.BusSink;
import org.attune.audio.bus.GroupBus;
import org.attune.audio.opus.OpusFrameSize;
import org.attune.protocol.v1.AudioFrame;
import org.jctools.queues.SpscArrayQueue;

/**
 * One group's live stream while anyone listens: a sink on the group's bus that copies each block
 * into a preallocated chunk (half a second of them), and the encoding of those blocks into Opus
 * frames, once for each frame duration someone listens at, on the encoder thread ({@link #pump}).
 *
 * <p>If the encoder thread falls half a second behind, the blocks it cannot take are counted and
 * encoded as silence, so that frame times stay on the bus's clock. A gap of more than a second (the
 * render thread stopped and skipped ahead) starts the frames afresh at the next block.
 *
 * <p>Thread-safe: {@link #block} on the render thread (realtime-safe: no allocation, no lock, no
 * I/O); {@link #pump} on the encoder thread; {@link #want} and {@link #close} from the group's
 * loop.
 */
final class GroupStream implements BusSink {

  private static final int CHUNKS = SampleClock.SAMPLE_RATE / 2 / SampleClock.BLOCK_FRAMES;

  /** A longer gap is not filled with silence: the stream starts again after it. */
  private static final long MAX_GAP_FRAMES = SampleClock.SAMPLE_RATE;

  private static final class Chunk {
    long frame;
    int frames;
    final float[] left = new float[SampleClock.BLOCK_FRAMES];
    final float[] right = new float[SampleClock.BLOCK_FRAMES];
  }

  private final GroupBus bus;
  private final StreamStats stats;
  private final Consumer<AudioFrame> frames;
  private final SpscArrayQueue<Chunk> free = new SpscArrayQueue<>(CHUNKS);
  private final SpscArrayQueue<Chunk> filled = new SpscArrayQueue<>(CHUNKS);
  private final OpusFrameSize[] sizes = OpusFrameSize.values();
  private final boolean[] wanted = new boolean[sizes.length];
  private volatile int wantedMask;

  // Encoder thread only.
  private final FrameCutter[] cutters = new FrameCutter[sizes.length];
  private final FrameCutter.Packets packets = this::packet;
  private long next = -1;

  /**
   * @param frames gets each encoded frame, on the encoder thread
   */
  GroupStream(GroupBus bus, StreamStats stats, Consumer<AudioFrame> frames) {
    this.bus = bus;
    this.stats = stats;
    this.frames = frames;
    for (int i = 0; i < CHUNKS; i++) {
      free.offer(new Chunk());
    }
  }

  GroupBus bus() {
    return bus;
  }

  /** Starts taking blocks. Group's loop. */
  void open() {
    bus.addSink(this);
  }

  /** Stops taking blocks; frames already cut may still come out of one last pump. */
  void close() {
    bus.removeSink(this);
  }

  /** Whether someone listens at {@code size}. Group's loop. */
  void want(OpusFrameSize size, boolean on) {
    wanted[size.ordinal()] = on;
    int mask = 0;
    for (int i = 0; i < wanted.length; i++) {
      mask |= wanted[i] ? 1 << i : 0;
    }
    wantedMask = mask;
  }

  @Override
  public void block(long frame, float[] left, float[] right, int frames) {
    Chunk c = free.relaxedPoll();
    if (c == null) {
      // The encoder thread is half a second behind: this block is lost (encoded as silence).
      stats.blocksDropped.increment();
      return;
    }
    c.frame = frame;
    c.frames = frames;
    System.arraycopy(left, 0, c.left, 0, frames);
    System.arraycopy(right, 0, c.right, 0, frames);
    filled.relaxedOffer(c);
  }

  /**
   * Encodes what the render thread has handed over. Encoder thread.
   *
   * @return whether there was anything
   */
  boolean pump() {
    boolean any = false;
    Chunk c;
    while ((c = filled.relaxedPoll()) != null) {
      any = true;
      take(c);
      free.relaxedOffer(c);
    }
    return any;
  }

  private void take(Chunk c) {
    int mask = wantedMask;
    long gap = next < 0 ? 0 : c.frame - next;
    boolean restart = gap < 0 || gap > MAX_GAP_FRAMES;
    for (int i = 0; i < sizes.length; i++) {
      if ((mask & (1 << i)) == 0) {
        cutters[i] = null;
        continue;
      }
      if (cutters[i] == null) {
        cutters[i] = new FrameCutter(sizes[i]);
      } else if (restart) {
        cutters[i].restart();
      } else if (gap > 0) {
        cutters[i].take(next, null, null, (int) gap, packets);
      }
      cutters[i].take(c.frame, c.left, c.right, c.frames, packets);
    }
    next = c.frame + c.frames;
  }

  private void packet(
      OpusFrameSize size, long sequence, long firstFrame, byte[] packet, int length, long nanos) {
    stats.framesEncoded.increment();
    stats.encodeNanos.add(nanos);
    int preSkip = cutters[size.ordinal()].preSkip();
    frames.accept(
        AudioFrame.newBuilder()
            .setSequence(sequence)
            .setServerMicros(SampleClock.microsAt(firstFrame - preSkip))
            .setFrameMillis(size.millis())
            .setOpus(ByteString.copyFrom(packet, 0, length))
            .build());
  }

  @Override
  public String toString() {
    return "GroupStream[" + bus.name() + "]";
  }
}
