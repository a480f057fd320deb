package org.attune.client.stream;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.attune.audio.opus.OpusFrameSize;
import org.attune.audio.opus.OpusPacketDecoder;
import org.attune.audio.opus.OpusPacketEncoder;
import org.attune.client.ClockSync;
import org.attune.protocol.v1.AudioFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays a group's live stream: each frame is decoded and played when the synced clock ({@link
 * ClockSync}) reaches its server time plus a fixed playout delay. The delay is what the jitter
 * buffer holds: it must cover the time a frame takes to arrive after its server time (the frame's
 * duration, less the server's render delay, plus Opus's 6.5 ms look-ahead and the network), so its
 * default is the frame's duration plus {@link #DEFAULT_MARGIN_MICROS}. A frame that has not arrived
 * when its time comes is lost and concealed by the decoder; if it comes later it is late and
 * dropped. After a second with no frame at all, the player waits for the next one and starts again
 * from it.
 *
 * <p>Thread-safe: {@link #onFrame} on the client's I/O thread, {@link #stats} and {@link #close}
 * from any; the player's own thread ({@code attune-stream-player}) decodes and writes the output.
 */
public final class StreamPlayer implements AudioFrameSink, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(StreamPlayer.class);

  /** Added to the frame's duration for the default playout delay. */
  public static final long DEFAULT_MARGIN_MICROS = 4_000;

  /** Frames the jitter buffer holds at least: 320 ms of 10 ms frames (more for longer delays). */
  public static final int BUFFER_FRAMES = 32;

  private static final long RESYNC_AFTER_MICROS = 1_000_000;
  private static final long MAX_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

  /** What the player has done so far. */
  public record Stats(
      long received,
      long played,
      long lost,
      long late,
      int buffered,
      long playoutDelayMicros,
      long maxArrivalMicros,
      long meanArrivalMicros) {}

  private final AudioOutput output;
  private final ClockSync clock;
  private final long playoutDelayMicros;
  private final JitterBuffer buffer;
  private final OpusPacketDecoder decoder = new OpusPacketDecoder();
  private final float[] pcm = new float[5760 * 2];
  private final Thread thread;
  private volatile boolean running = true;
  private volatile IOException failure;
  private volatile long played;
  private volatile long lost;
  private long arrivals;
  private long arrivalSumMicros;
  private long maxArrivalMicros = Long.MIN_VALUE;
  private volatile long lastFrameServerMicros = Long.MIN_VALUE;

  /**
   * Starts the player's thread.
   *
   * @param playoutDelayMicros how long after its server time a frame is played
   */
  public StreamPlayer(AudioOutput output, ClockSync clock, long playoutDelayMicros) {
    if (playoutDelayMicros < 0) {
      throw new IllegalArgumentException("a playout delay is not negative");
    }
    this.output = output;
    this.clock = clock;
    this.playoutDelayMicros = playoutDelayMicros;
    // Room for every frame the delay holds back, at 10 ms frames, and some.
    this.buffer = new JitterBuffer((int) Math.max(BUFFER_FRAMES, playoutDelayMicros / 10_000 + 16));
    this.thread = new Thread(this::run, "attune-stream-player");
    thread.setDaemon(true);
    thread.start();
  }

  /** The default playout delay for frames of {@code frameMillis}. */
  public static long defaultPlayoutDelayMicros(int frameMillis) {
    return frameMillis * 1_000L + DEFAULT_MARGIN_MICROS;
  }

  @Override
  public void onFrame(AudioFrame frame, boolean viaUdp, long receivedLocalNanos) {
    long arrival = clock.serverMicrosAt(receivedLocalNanos / 1_000) - frame.getServerMicros();
    synchronized (this) {
      arrivals++;
      arrivalSumMicros += arrival;
      maxArrivalMicros = Math.max(maxArrivalMicros, arrival);
    }
    lastFrameServerMicros = frame.getServerMicros();
    buffer.offer(frame);
  }

  /** What has been played, lost and buffered so far. */
  public Stats stats() {
    long n;
    long sum;
    long max;
    synchronized (this) {
      n = arrivals;
      sum = arrivalSumMicros;
      max = maxArrivalMicros;
    }
    return new Stats(
        buffer.received(),
        played,
        lost,
        buffer.late(),
        buffer.size(),
        playoutDelayMicros,
        n == 0 ? 0 : max,
        n == 0 ? 0 : sum / n);
  }

  /** Why the output stopped taking audio, or null. */
  public IOException failure() {
    return failure;
  }

  /**
   * Decodes a second of Opus before the first frame: the decoder runs interpreted at first, and
   * would fall behind the stream's first frames.
   */
  private void warmUp() {
    OpusPacketEncoder encoder = new OpusPacketEncoder(OpusFrameSize.MS_20, 64_000);
    OpusPacketDecoder warm = new OpusPacketDecoder();
    float[] in = new float[OpusFrameSize.MS_20.frames() * 2];
    byte[] packet = new byte[OpusPacketEncoder.MAX_PACKET_BYTES];
    for (int f = 0; f < 50 && running; f++) {
      for (int i = 0; i < in.length; i++) {
        in[i] = (float) (0.2 * Math.sin((f * in.length + i) * 0.03));
      }
      int length = encoder.encode(in, 0, packet);
      warm.decode(packet, 0, length, pcm, 0);
    }
  }

  private void run() {
    warmUp();
    try {
      while (running) {
        AudioFrame first = awaitFirst();
        if (first == null) {
          return;
        }
        play(first.getServerMicros(), first.getFrameMillis() * 1_000L);
      }
    } catch (IOException e) {
      failure = e;
      log.warn("the stream's output failed: {}", e.getMessage());
    }
  }

  private AudioFrame awaitFirst() {
    buffer.reset();
    while (running) {
      AudioFrame first = buffer.peek();
      if (first != null) {
        return first;
      }
      LockSupport.parkNanos(MAX_PARK_NANOS);
    }
    return null;
  }

  /** Plays from {@code next} on until the stream stops for a second (or the player closes). */
  private void play(long next, long frameMicros) throws IOException {
    while (running) {
      waitUntil(next + playoutDelayMicros);
      AudioFrame frame = buffer.take(next, frameMicros);
      int frames;
      if (frame != null) {
        next = frame.getServerMicros();
        frameMicros = frame.getFrameMillis() * 1_000L;
        byte[] packet = frame.getOpus().toByteArray();
        try {
          frames = decoder.decode(packet, 0, packet.length, pcm, 0);
          played++;
        } catch (IllegalArgumentException e) {
          frames = decoder.conceal((int) (frameMicros * 48 / 1_000), pcm, 0);
          lost++;
        }
      } else {
        if (clock.nowServerMicros() - lastFrameServerMicros
            > RESYNC_AFTER_MICROS + playoutDelayMicros) {
          return;
        }
        frames = decoder.conceal((int) (frameMicros * 48 / 1_000), pcm, 0);
        lost++;
      }
      output.play(next, pcm, frames);
      next += frameMicros;
    }
  }

  private void waitUntil(long serverMicros) {
    while (running) {
      long remaining = serverMicros - clock.nowServerMicros();
      if (remaining <= 0) {
        return;
      }
      LockSupport.parkNanos(Math.min(MAX_PARK_NANOS, remaining * 1_000));
    }
  }

  /** Stops playing (what is buffered is not played) and closes the output. */
  @Override
  public void close() throws IOException {
    running = false;
    LockSupport.unpark(thread);
    try {
      thread.join(2_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    output.close();
  }
}
