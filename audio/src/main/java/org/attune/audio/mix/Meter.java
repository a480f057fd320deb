package org.attune.audio.mix;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A stereo peak and RMS meter: fed by the render thread block by block, read by a display or
 * network thread about 20 times a second.
 *
 * <p>Each {@link #readAndReset()} reports the peak held since the previous read and the RMS over
 * exactly the frames rendered since then: no frame is lost or counted twice between readings. The
 * render thread never waits for the reader. The two peaks are packed as float bits into one {@link
 * AtomicLong} that the render thread raises with compare-and-set (non-negative floats order like
 * their bit patterns) and the reader takes with {@code getAndSet(0)}. The energy and the frame
 * count are running totals that the render thread publishes after every block under a sequence lock
 * (an odd sequence number means "being written", as in the Linux kernel's seqlock); the reader
 * retries until it sees one consistent block boundary and subtracts the totals it saw last time.
 *
 * <p>The energy totals are fixed-point longs, full scale squared being 2^40, that may wrap: the
 * difference of two wrapped longs is still exact, so a window is measured exactly however long the
 * session has run, where a double total would lose a quiet window in the rounding of hours of loud
 * ones. Each block's energy is rounded to 2^-40, so readings are within 0.1 dB down to about -125
 * dBFS; and a window must hold less than 2^23 (full scale squared times frames): a reader that
 * pauses for six minutes of a full-scale sine, or twenty seconds of one at +12 dB, gets one wrong
 * RMS reading. The peak and the totals are two publications, so a read that falls between them may
 * report one block's peak in the neighbouring reading; it is never lost.
 *
 * <p>Thread-safe: yes, for one render thread calling {@link #record} or {@link #measure} and any
 * number of readers (reads are serialized among themselves, never with the render thread).
 * Realtime-safe: {@link #record} and {@link #measure} yes (lock-free); {@link #readAndReset} is not
 * for the render thread (it allocates its reading).
 */
public final class Meter {

  private static final double ENERGY_UNITS = 0x1p40;

  private final AtomicLong peaks = new AtomicLong();

  private long energyLeft;
  private long energyRight;
  private long frames;

  private volatile int sequence;
  private volatile long publishedEnergyLeft;
  private volatile long publishedEnergyRight;
  private volatile long publishedFrames;

  private long readEnergyLeft;
  private long readEnergyRight;
  private long readFrames;

  /**
   * Adds one block's statistics, which the caller computed while it produced the block.
   *
   * @param peakLeft the largest magnitude on the left channel in the block
   * @param peakRight likewise on the right
   * @param sumOfSquaresLeft the sum of the left samples' squares
   * @param sumOfSquaresRight likewise on the right
   * @param blockFrames the number of frames in the block
   */
  public void record(
      float peakLeft,
      float peakRight,
      double sumOfSquaresLeft,
      double sumOfSquaresRight,
      int blockFrames) {
    energyLeft += Math.round(sumOfSquaresLeft * ENERGY_UNITS);
    energyRight += Math.round(sumOfSquaresRight * ENERGY_UNITS);
    frames += blockFrames;
    int s = sequence;
    sequence = s + 1;
    publishedEnergyLeft = energyLeft;
    publishedEnergyRight = energyRight;
    publishedFrames = frames;
    sequence = s + 2;
    raisePeaks(Float.floatToRawIntBits(peakLeft), Float.floatToRawIntBits(peakRight));
  }

  /** Measures and {@linkplain #record records} the first {@code blockFrames} of a stereo block. */
  public void measure(float[] left, float[] right, int blockFrames) {
    float peakLeft = 0;
    float peakRight = 0;
    double sumLeft = 0;
    double sumRight = 0;
    for (int i = 0; i < blockFrames; i++) {
      float l = left[i];
      float r = right[i];
      float al = Math.abs(l);
      float ar = Math.abs(r);
      peakLeft = al > peakLeft ? al : peakLeft;
      peakRight = ar > peakRight ? ar : peakRight;
      sumLeft += (double) l * l;
      sumRight += (double) r * r;
    }
    record(peakLeft, peakRight, sumLeft, sumRight, blockFrames);
  }

  private void raisePeaks(int left, int right) {
    long seen = peaks.get();
    while (true) {
      int oldLeft = (int) (seen >>> 32);
      int oldRight = (int) seen;
      if (left <= oldLeft && right <= oldRight) {
        return;
      }
      long raised = pack(Math.max(left, oldLeft), Math.max(right, oldRight));
      long witness = peaks.compareAndExchange(seen, raised);
      if (witness == seen) {
        return;
      }
      seen = witness;
    }
  }

  private static long pack(int left, int right) {
    return ((long) left << 32) | (right & 0xFFFF_FFFFL);
  }

  /** The peak since the previous read and the RMS of the frames since then; starts a new window. */
  public synchronized MeterReading readAndReset() {
    long totalLeft;
    long totalRight;
    long totalFrames;
    while (true) {
      int before = sequence;
      totalLeft = publishedEnergyLeft;
      totalRight = publishedEnergyRight;
      totalFrames = publishedFrames;
      if ((before & 1) == 0 && sequence == before) {
        break;
      }
      Thread.onSpinWait();
    }
    long packedPeaks = peaks.getAndSet(0);
    long windowFrames = totalFrames - readFrames;
    long windowLeft = totalLeft - readEnergyLeft;
    long windowRight = totalRight - readEnergyRight;
    readEnergyLeft = totalLeft;
    readEnergyRight = totalRight;
    readFrames = totalFrames;
    return new MeterReading(
        Decibels.fromGain(Float.intBitsToFloat((int) (packedPeaks >>> 32))),
        Decibels.fromGain(Float.intBitsToFloat((int) packedPeaks)),
        rmsDb(windowLeft, windowFrames),
        rmsDb(windowRight, windowFrames),
        windowFrames);
  }

  private static double rmsDb(long energyUnits, long frames) {
    if (frames == 0) {
      return Double.NEGATIVE_INFINITY;
    }
    return Decibels.fromGain(Math.sqrt(energyUnits / ENERGY_UNITS / frames));
  }
}
