package org.attune.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class ClockSyncTest {

  private static final long START = 5_000_000_000L;

  /** A simulated network between a client clock and a server clock. */
  private static final class Link {
    final ClockSync sync;
    final double offsetMicros;
    final double driftPpm;
    final Random random = new Random(42);
    long local = START;

    Link(ClockSync sync, double offsetMicros, double driftPpm) {
      this.sync = sync;
      this.offsetMicros = offsetMicros;
      this.driftPpm = driftPpm;
    }

    /** The true server time at a local time. */
    long server(long localMicros) {
      return Math.round(localMicros + offsetMicros + driftPpm * 1e-6 * (localMicros - START));
    }

    /** One probe with the given one-way delays and server processing time. */
    boolean probe(long upMicros, long downMicros, long processingMicros) {
      long t0 = local;
      long t1 = server(t0 + upMicros);
      long t2 = server(t0 + upMicros + processingMicros);
      long t3 = t0 + upMicros + processingMicros + downMicros;
      return sync.addSample(t0, t1, t2, t3);
    }

    /** One probe on a jittery symmetric-ish path (100..160 µs each way), then {@code gap} later. */
    void probeJittery(long gapMicros) {
      probe(100 + random.nextInt(60), 100 + random.nextInt(60), 5 + random.nextInt(10));
      local += gapMicros;
    }
  }

  @Test
  void aSymmetricPathGivesTheOffsetWithinHalfTheJitter() {
    Link link = new Link(new ClockSync(() -> 0, 64), 123_456.7, 0);
    for (int i = 0; i < 64; i++) {
      link.probeJittery(200_000);
    }
    long now = link.local;
    assertThat(link.sync.serverMicrosAt(now)).isCloseTo(link.server(now), within(30L));
    assertThat(link.sync.isSynced()).isTrue();
    assertThat(link.sync.driftPpm()).isCloseTo(0, within(3.0));
  }

  @Test
  void probesDelayedInOneDirectionAreOutvotedByTheFastestOnes() {
    Link link = new Link(new ClockSync(() -> 0, 64), -2_000_000, 0);
    for (int i = 0; i < 64; i++) {
      if (i % 3 == 0) {
        // A queue on the way up: a 20 ms one-way delay would shift this probe's offset by 10 ms.
        link.probe(20_000 + link.random.nextInt(5_000), 120, 10);
      } else if (i % 3 == 1) {
        link.probe(120, 15_000, 10);
      } else {
        link.probe(100 + link.random.nextInt(20), 100 + link.random.nextInt(20), 10);
      }
      link.local += 200_000;
    }
    long now = link.local;
    assertThat(link.sync.serverMicrosAt(now)).isCloseTo(link.server(now), within(20L));
    assertThat(link.sync.bestRttMicros()).isBetween(200L, 240L);
  }

  @Test
  void driftBetweenTheClocksIsRecoveredByRegression() {
    Link link = new Link(new ClockSync(() -> 0, 64), 50_000, 80);
    for (int i = 0; i < 64; i++) {
      link.probeJittery(200_000);
    }
    assertThat(link.sync.driftPpm()).isCloseTo(80, within(8.0));
    // Extrapolated one second past the last probe, the drift would cost 80 µs if ignored.
    long later = link.local + 1_000_000;
    assertThat(link.sync.serverMicrosAt(later)).isCloseTo(link.server(later), within(25L));
  }

  @Test
  void aTelehealthPathsJitterIsNotTakenForDrift() {
    // 20 ± 5 ms each way, as the load test's impairment relay: the same clock on both ends.
    for (long seed = 1; seed <= 20; seed++) {
      Link link = new Link(new ClockSync(() -> 0, 64), 5_000, 0);
      link.random.setSeed(seed);
      for (int i = 0; i < 64; i++) {
        link.probe(15_000 + link.random.nextInt(10_000), 15_000 + link.random.nextInt(10_000), 10);
        link.local += 200_000;
      }
      assertThat(link.sync.driftPpm()).as("seed %d", seed).isZero();
      long later = link.local + 1_000_000;
      assertThat(link.sync.serverMicrosAt(later))
          .as("seed %d", seed)
          .isCloseTo(link.server(later), within(1_000L));
    }
  }

  @Test
  void driftIsNotGuessedFromTooShortASpan() {
    Link link = new Link(new ClockSync(() -> 0, 64), 0, 300);
    for (int i = 0; i < 40; i++) {
      link.probeJittery(10_000);
    }
    assertThat(link.sync.driftPpm()).isZero();
  }

  @Test
  void anImplausibleDriftIsClampedToTheNtpTolerance() {
    Link link = new Link(new ClockSync(() -> 0, 64), 0, 5_000);
    for (int i = 0; i < 64; i++) {
      link.probe(100, 100, 0);
      link.local += 200_000;
    }
    assertThat(link.sync.driftPpm()).isEqualTo(ClockSync.MAX_DRIFT_PPM);
  }

  @Test
  void localMicrosAtInvertsServerMicrosAt() {
    Link link = new Link(new ClockSync(() -> 0, 64), 987_654, -120);
    for (int i = 0; i < 64; i++) {
      link.probeJittery(200_000);
    }
    for (long local = START; local < START + 60_000_000; local += 7_777_777) {
      long server = link.sync.serverMicrosAt(local);
      assertThat(link.sync.localMicrosAt(server)).isCloseTo(local, within(1L));
    }
  }

  @Test
  void aSampleWithANegativeRoundTripIsIgnored() {
    ClockSync sync = new ClockSync(() -> 0, 64);
    assertThat(sync.addSample(1_000, 5_000, 5_100, 1_050)).isFalse();
    assertThat(sync.addSample(1_000, 5_100, 5_000, 1_500)).isFalse();
    assertThat(sync.addSample(1_000, 5_000, 5_010, 900)).isFalse();
    assertThat(sync.sampleCount()).isZero();
    assertThat(sync.bestRttMicros()).isEqualTo(-1);
  }

  @Test
  void oneSampleGivesTheNtpOffsetAndRoundTrip() {
    ClockSync sync = new ClockSync(() -> 0, 64);
    // t0=1000, t1=11100, t2=11110, t3=1230: rtt = 230 - 10 = 220, offset = (10100 + 9880) / 2.
    assertThat(sync.addSample(1_000, 11_100, 11_110, 1_230)).isTrue();
    assertThat(sync.estimate().offsetMicros()).isEqualTo(9_990);
    assertThat(sync.bestRttMicros()).isEqualTo(220);
    assertThat(sync.lastRttMicros()).isEqualTo(220);
    assertThat(sync.serverMicrosAt(2_000)).isEqualTo(11_990);
    assertThat(sync.isSynced()).isFalse();
  }

  @Test
  void isSyncedAfterFourSamplesAndAwaitCompletesThen() {
    ClockSync sync = new ClockSync(() -> 0, 64);
    CompletableFuture<ClockSync.Estimate> four = sync.awaitSamples(ClockSync.MIN_SYNC_SAMPLES);
    for (int i = 0; i < 3; i++) {
      sync.addSample(i * 1_000, i * 1_000 + 50, i * 1_000 + 60, i * 1_000 + 100);
      assertThat(sync.isSynced()).isFalse();
      assertThat(four).isNotDone();
    }
    sync.addSample(3_000, 3_050, 3_060, 3_100);
    assertThat(sync.isSynced()).isTrue();
    assertThat(four).isCompleted();
    assertThat(four.join().sampleCount()).isEqualTo(4);
    assertThat(sync.awaitSamples(2)).isCompleted();
  }

  @Test
  void theWindowForgetsOldSamplesHoweverGood() {
    ClockSync sync = new ClockSync(() -> 0, 8);
    long t = 0;
    for (int i = 0; i < 8; i++, t += 1_000) {
      sync.addSample(t, t + 10 + 5_000, t + 10 + 5_000, t + 20);
    }
    assertThat(sync.estimate().offsetMicros()).isEqualTo(5_000);
    for (int i = 0; i < 8; i++, t += 1_000) {
      sync.addSample(t, t + 100 + 7_000, t + 100 + 7_000, t + 200);
    }
    assertThat(sync.estimate().offsetMicros()).isEqualTo(7_000);
    assertThat(sync.bestRttMicros()).isEqualTo(200);
    assertThat(sync.sampleCount()).isEqualTo(16);
  }

  @Test
  void beforeAnySampleServerTimeIsLocalTime() {
    ClockSync sync = new ClockSync(() -> 42_000, 64);
    assertThat(sync.localMicros()).isEqualTo(42);
    assertThat(sync.nowServerMicros()).isEqualTo(42);
    assertThat(sync.localMicrosAt(1_000)).isEqualTo(1_000);
    assertThat(sync.offsetMicros()).isZero();
  }
}
