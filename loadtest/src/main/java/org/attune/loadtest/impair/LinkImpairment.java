package org.attune.loadtest.impair;

import java.time.Duration;
import java.util.SplittableRandom;

/**
 * How an emulated network path misbehaves, one way: a delay drawn uniformly from {@code mean ±
 * jitter}, and a loss probability for datagrams (TCP loses nothing: a real path's loss shows on TCP
 * as delay, which the jitter stands for).
 *
 * <p>Immutable; thread-safe. The {@link Sampler}s it makes are not.
 *
 * @param meanDelay mean one-way delay
 * @param jitter half the width of the uniform delay distribution
 * @param datagramLoss probability that a datagram is dropped, 0..1
 * @param seed seed of the random draws, so that a run can be repeated
 */
public record LinkImpairment(Duration meanDelay, Duration jitter, double datagramLoss, long seed) {

  public LinkImpairment {
    if (jitter.compareTo(meanDelay) > 0 || jitter.isNegative()) {
      throw new IllegalArgumentException("jitter must be between 0 and the mean delay");
    }
    if (!(datagramLoss >= 0 && datagramLoss <= 1)) {
      throw new IllegalArgumentException("loss must be between 0 and 1");
    }
  }

  /** The telehealth link of the load test: 20 ms ± 5 ms one way, 1% datagram loss. */
  public static LinkImpairment telehealth(long seed) {
    return new LinkImpairment(Duration.ofMillis(20), Duration.ofMillis(5), 0.01, seed);
  }

  /** A new source of draws, seeded from {@link #seed} and {@code stream} (e.g. one a direction). */
  public Sampler sampler(long stream) {
    return new Sampler(new SplittableRandom(seed * 31 + stream));
  }

  /**
   * Draws delays and losses.
   *
   * <p>Thread-safe: no; one owner thread.
   */
  public final class Sampler {
    private final SplittableRandom random;

    private Sampler(SplittableRandom random) {
      this.random = random;
    }

    /** A one-way delay, in nanoseconds. */
    public long delayNanos() {
      long mean = meanDelay.toNanos();
      long j = jitter.toNanos();
      return j == 0 ? mean : mean - j + random.nextLong(2 * j + 1);
    }

    /** True if the next datagram is lost. */
    public boolean dropsDatagram() {
      return datagramLoss > 0 && random.nextDouble() < datagramLoss;
    }
  }
}
