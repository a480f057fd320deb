package org.attune.clock;

/**
 * One piece of a {@link TempoMap}: from its start (a server time and a beat) it maps later times to
 * beats in closed form, until the next segment takes over.
 *
 * <p>Immutable.
 */
public sealed interface TempoSegment
    permits TempoSegment.Steady, TempoSegment.Ramp, TempoSegment.Hold {

  double MICROS_PER_MINUTE = 60_000_000.0;

  long startMicros();

  double startBeat();

  /** Beat at server time {@code micros}; for times before the start, extrapolated. */
  double beatAt(long micros);

  /**
   * The first server time at which the beat reaches {@code beat}, or {@link Long#MAX_VALUE} if this
   * segment never reaches it (a hold).
   */
  long timeAt(double beat);

  /** Tempo at server time {@code micros}, in beats per minute (0 in a hold). */
  double bpmAt(long micros);

  /** A constant tempo. */
  record Steady(long startMicros, double startBeat, double bpm) implements TempoSegment {
    @Override
    public double beatAt(long micros) {
      return startBeat + (micros - startMicros) * bpm / MICROS_PER_MINUTE;
    }

    @Override
    public long timeAt(double beat) {
      return startMicros + Math.round((beat - startBeat) * MICROS_PER_MINUTE / bpm);
    }

    @Override
    public double bpmAt(long micros) {
      return bpm;
    }
  }

  /**
   * An accelerando or ritardando: the tempo changes linearly in time from {@code fromBpm} to {@code
   * toBpm} over {@code beats} beats, then stays at {@code toBpm}.
   *
   * <p>With tempo {@code f0 + k·t} (beats per µs scaled by 60e6), the beat is the integral {@code
   * (f0·t + k·t²/2) / 60e6}; the inverse is the root of that quadratic, written as {@code 2c / (f0
   * + sqrt(f0² + 2kc))} so that it stays exact when {@code k} is near zero.
   */
  record Ramp(long startMicros, double startBeat, double fromBpm, double toBpm, double beats)
      implements TempoSegment {

    /** Length of the ramp in microseconds. */
    public double durationMicros() {
      return MICROS_PER_MINUTE * 2 * beats / (fromBpm + toBpm);
    }

    private double slope() {
      return (toBpm - fromBpm) / durationMicros();
    }

    @Override
    public double beatAt(long micros) {
      double t = micros - startMicros;
      double duration = durationMicros();
      if (t <= 0) {
        return startBeat + t * fromBpm / MICROS_PER_MINUTE;
      }
      if (t >= duration) {
        return startBeat + beats + (t - duration) * toBpm / MICROS_PER_MINUTE;
      }
      return startBeat + (fromBpm * t + slope() * t * t / 2) / MICROS_PER_MINUTE;
    }

    @Override
    public long timeAt(double beat) {
      double b = beat - startBeat;
      if (b <= 0) {
        return startMicros + Math.round(b * MICROS_PER_MINUTE / fromBpm);
      }
      if (b >= beats) {
        return startMicros + Math.round(durationMicros() + (b - beats) * MICROS_PER_MINUTE / toBpm);
      }
      double c = b * MICROS_PER_MINUTE;
      double discriminant = Math.max(0, fromBpm * fromBpm + 2 * slope() * c);
      return startMicros + Math.round(2 * c / (fromBpm + Math.sqrt(discriminant)));
    }

    @Override
    public double bpmAt(long micros) {
      double t = micros - startMicros;
      if (t <= 0) {
        return fromBpm;
      }
      return t >= durationMicros() ? toBpm : fromBpm + slope() * t;
    }
  }

  /** A fermata: the beat stands still. {@code bpm} is the tempo before it, to go on with. */
  record Hold(long startMicros, double startBeat, double bpm) implements TempoSegment {
    @Override
    public double beatAt(long micros) {
      return micros < startMicros
          ? startBeat + (micros - startMicros) * bpm / MICROS_PER_MINUTE
          : startBeat;
    }

    @Override
    public long timeAt(double beat) {
      if (beat <= startBeat) {
        return startMicros + Math.round((beat - startBeat) * MICROS_PER_MINUTE / bpm);
      }
      return Long.MAX_VALUE;
    }

    @Override
    public double bpmAt(long micros) {
      return micros < startMicros ? bpm : 0;
    }
  }
}
