package org.attune.client.stream;

import java.util.Map;
import java.util.TreeMap;
import org.attune.protocol.v1.AudioFrame;

/**
 * The frames that have arrived and wait for their playout time, in server-time order, at most
 * {@link #capacity()} of them.
 *
 * <p>A frame that arrives after its time has been played (or concealed) is late and dropped; a
 * frame that arrives twice is kept once; if the buffer is full, the earliest frame goes. Frames are
 * keyed by server time, not sequence number, so that a stream that starts afresh (new sequence
 * numbers) is simply followed.
 *
 * <p>Thread-safe: yes (the I/O thread offers, the player takes).
 */
public final class JitterBuffer {

  private final int capacity;
  private final TreeMap<Long, AudioFrame> frames = new TreeMap<>();
  private long playedBeforeMicros = Long.MIN_VALUE;
  private long received;
  private long late;
  private long duplicates;
  private long overflows;

  public JitterBuffer(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("a jitter buffer holds at least one frame");
    }
    this.capacity = capacity;
  }

  public int capacity() {
    return capacity;
  }

  /**
   * Takes an arrived frame.
   *
   * @return false if it was late or a duplicate and is dropped
   */
  public synchronized boolean offer(AudioFrame frame) {
    received++;
    long t = frame.getServerMicros();
    if (t < playedBeforeMicros) {
      late++;
      return false;
    }
    if (frames.putIfAbsent(t, frame) != null) {
      duplicates++;
      return false;
    }
    if (frames.size() > capacity) {
      frames.pollFirstEntry();
      overflows++;
    }
    return true;
  }

  /** The earliest frame waiting, without taking it, or null. */
  public synchronized AudioFrame peek() {
    Map.Entry<Long, AudioFrame> first = frames.firstEntry();
    return first == null ? null : first.getValue();
  }

  /**
   * Takes the frame to be played at {@code micros}: the earliest one within half a frame of it
   * (frames more than half a frame before it are dropped as late). Frames before {@code micros}
   * that arrive afterwards count as late.
   *
   * @return the frame, or null if it has not arrived (lost or later than its time)
   */
  public synchronized AudioFrame take(long micros, long frameMicros) {
    long half = frameMicros / 2;
    while (!frames.isEmpty()) {
      Map.Entry<Long, AudioFrame> first = frames.firstEntry();
      long t = first.getKey();
      if (t < micros - half) {
        frames.pollFirstEntry();
        late++;
        continue;
      }
      if (t < micros + half) {
        frames.pollFirstEntry();
        playedBeforeMicros = t + half;
        return first.getValue();
      }
      break;
    }
    playedBeforeMicros = micros + half;
    return null;
  }

  /** Forgets every frame and the play position, to start again from the next frame. */
  public synchronized void reset() {
    frames.clear();
    playedBeforeMicros = Long.MIN_VALUE;
  }

  /** Frames waiting now. */
  public synchronized int size() {
    return frames.size();
  }

  public synchronized long received() {
    return received;
  }

  /** Frames that arrived after their time and were dropped. */
  public synchronized long late() {
    return late;
  }

  public synchronized long duplicates() {
    return duplicates;
  }

  /** Frames pushed out because the buffer was full. */
  public synchronized long overflows() {
    return overflows;
  }
}
