package org.attune.loadtest.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.attune.clock.TempoMap;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Tempo-map evaluation, both ways, on a map of a session's worth of segments: steady stretches,
 * accelerandi and ritardandi (ramps) and fermatas (holds), at random instants and beats.
 *
 * <p>Thread-safe: JMH gives each thread its own state.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class TempoMapBenchmark {

  private static final int POINTS = 1024;

  private TempoMap map;
  private final long[] instants = new long[POINTS];
  private final double[] beats = new double[POINTS];
  private int next;

  @Setup(Level.Trial)
  public void setUp() {
    long t = 0;
    TempoMap m = TempoMap.steady(t, 90);
    // Sixteen changes: ramp, hold, steady, in turn, 8 s apart.
    for (int i = 0; i < 16; i++) {
      t += 8_000_000;
      m =
          switch (i % 3) {
            case 0 -> m.withRamp(t, 60 + 10 * (i % 7), 8);
            case 1 -> m.withHold(t);
            default -> m.withSteady(t, 80 + 5 * (i % 5));
          };
    }
    map = m;
    SplittableRandom random = new SplittableRandom(7);
    long end = t + 8_000_000;
    double lastBeat = map.beatAt(end);
    for (int i = 0; i < POINTS; i++) {
      instants[i] = random.nextLong(end);
      beats[i] = random.nextDouble() * lastBeat;
    }
  }

  @Benchmark
  public double beatAt() {
    next = (next + 1) & (POINTS - 1);
    return map.beatAt(instants[next]);
  }

  @Benchmark
  public long timeAt() {
    next = (next + 1) & (POINTS - 1);
    return map.timeAt(beats[next]);
  }
}
