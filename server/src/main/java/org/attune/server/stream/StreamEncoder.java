package org.attune.server.stream;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.attune.audio.opus.OpusFrameSize;
import org.attune.audio.opus.OpusPacketEncoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's one Opus encoder thread: it takes every listened-to group's blocks off their queues
 * and encodes each group's frames once. A warm core encodes some hundred 20 ms streams in real time
 * (the stream benchmark), so one thread serves the groups one node holds.
 *
 * <p>It polls every {@link #POLL_NANOS} while any group streams, so that a frame leaves at most
 * that long after its last block is rendered, and sleeps while none does.
 *
 * <p>Thread-safe: {@link #add}, {@link #remove} and {@link #close} from any thread.
 */
final class StreamEncoder implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(StreamEncoder.class);

  static final long POLL_NANOS = TimeUnit.MICROSECONDS.toNanos(500);

  private final CopyOnWriteArrayList<GroupStream> streams = new CopyOnWriteArrayList<>();
  private final Thread thread;
  private volatile boolean running = true;

  StreamEncoder() {
    thread = new Thread(this::run, "attune-stream-encoder");
    thread.setDaemon(true);
    thread.start();
  }

  void add(GroupStream stream) {
    streams.add(stream);
    LockSupport.unpark(thread);
  }

  void remove(GroupStream stream) {
    streams.remove(stream);
  }

  /** Groups streaming now. */
  int streams() {
    return streams.size();
  }

  private void run() {
    warmUp();
    while (running) {
      if (streams.isEmpty()) {
        LockSupport.park(this);
        continue;
      }
      boolean busy = false;
      for (GroupStream stream : streams) {
        try {
          busy |= stream.pump();
        } catch (RuntimeException e) {
          // One group's failure must not silence the others: its stream stops, theirs go on.
          log.error("the live stream of {} failed and was stopped", stream.bus().name(), e);
          streams.remove(stream);
          stream.close();
        }
      }
      if (!busy) {
        LockSupport.parkNanos(this, POLL_NANOS);
      }
    }
  }

  /**
   * Encodes two seconds of a chord at each frame duration before the first group streams: Concentus
   * runs interpreted at first, some ten times slower, and the first listener would hear that.
   */
  private static void warmUp() {
    for (OpusFrameSize size : OpusFrameSize.values()) {
      OpusPacketEncoder encoder = StreamEncoding.encoder(size);
      float[] pcm = new float[size.frames() * 2];
      byte[] packet = new byte[OpusPacketEncoder.MAX_PACKET_BYTES];
      long n = 0;
      for (int f = 0; f < 2_000 / size.millis(); f++) {
        for (int i = 0; i < size.frames(); i++, n++) {
          float s = (float) (0.2 * Math.sin(n * 0.0575) + 0.1 * Math.sin(n * 0.0861));
          pcm[2 * i] = s;
          pcm[2 * i + 1] = -s;
        }
        encoder.encode(pcm, 0, packet);
      }
    }
  }

  @Override
  public void close() {
    running = false;
    LockSupport.unpark(thread);
    try {
      thread.join(1_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
