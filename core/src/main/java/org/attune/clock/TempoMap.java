package org.attune.clock;

import java.util.ArrayList;
import java.util.List;
import org.attune.protocol.v1.Hold;
import org.attune.protocol.v1.Ramp;
import org.attune.protocol.v1.Steady;

/**
 * A group's timeline: server time to beats and back, piecewise in closed form.
 *
 * <p>Segments are in order of start time; each starts where the previous one is at that time, so
 * the map is continuous and never goes backwards (it stands still in a hold). A change is made by
 * cutting the map at a future time and appending a segment there: the result agrees with the old
 * map everywhere before the cut, which is why a client may adopt a new map as soon as it arrives.
 *
 * <p>Immutable; thread-safe.
 */
public final class TempoMap {

  public static final double MIN_BPM = 20;
  public static final double MAX_BPM = 300;

  private final List<TempoSegment> segments;

  private TempoMap(List<TempoSegment> segments) {
    if (segments.isEmpty()) {
      throw new IllegalArgumentException("a tempo map needs at least one segment");
    }
    this.segments = List.copyOf(segments);
  }

  /** A map at a constant tempo, at beat 0 at server time {@code micros}. */
  public static TempoMap steady(long micros, double bpm) {
    checkBpm(bpm);
    return new TempoMap(List.of(new TempoSegment.Steady(micros, 0, bpm)));
  }

  public List<TempoSegment> segments() {
    return segments;
  }

  /** The segment in force at server time {@code micros}. */
  public TempoSegment segmentAt(long micros) {
    TempoSegment found = segments.get(0);
    for (TempoSegment segment : segments) {
      if (segment.startMicros() - micros > 0) {
        break;
      }
      found = segment;
    }
    return found;
  }

  public TempoSegment lastSegment() {
    return segments.get(segments.size() - 1);
  }

  public double beatAt(long micros) {
    return segmentAt(micros).beatAt(micros);
  }

  /** Tempo at {@code micros} in BPM; 0 during a fermata. */
  public double bpmAt(long micros) {
    return segmentAt(micros).bpmAt(micros);
  }

  /** True if a fermata holds the beat at {@code micros}. */
  public boolean isHeldAt(long micros) {
    return bpmAt(micros) == 0;
  }

  /**
   * The first server time at which the beat reaches {@code beat}; {@link Long#MAX_VALUE} if the map
   * ends in a hold before that beat (the time is not known until the fermata is released).
   */
  public long timeAt(double beat) {
    for (int i = 0; i < segments.size(); i++) {
      TempoSegment segment = segments.get(i);
      if (beat == segment.startBeat()) {
        return segment.startMicros();
      }
      if (i == segments.size() - 1 || beat < segments.get(i + 1).startBeat()) {
        return segment.timeAt(beat);
      }
    }
    throw new AssertionError("unreachable: the last segment always answers");
  }

  /** The tempo the music goes on with at {@code micros}: the held tempo during a fermata. */
  public double continuingBpmAt(long micros) {
    TempoSegment segment = segmentAt(micros);
    if (segment instanceof TempoSegment.Hold hold && micros - hold.startMicros() >= 0) {
      return hold.bpm();
    }
    return segment.bpmAt(micros);
  }

  /** This map, changed to a constant {@code bpm} from {@code micros} on. */
  public TempoMap withSteady(long micros, double bpm) {
    checkBpm(bpm);
    return cutAt(micros, new TempoSegment.Steady(micros, beatAt(micros), bpm));
  }

  /**
   * This map, ramping from the tempo at {@code micros} to {@code toBpm} over {@code beats} beats.
   */
  public TempoMap withRamp(long micros, double toBpm, double beats) {
    checkBpm(toBpm);
    if (!(beats > 0) || Double.isInfinite(beats)) {
      throw new IllegalArgumentException("a ramp needs a positive number of beats, not " + beats);
    }
    double from = continuingBpmAt(micros);
    return cutAt(micros, new TempoSegment.Ramp(micros, beatAt(micros), from, toBpm, beats));
  }

  /** This map, holding the beat from {@code micros} until a later change releases it. */
  public TempoMap withHold(long micros) {
    return cutAt(micros, new TempoSegment.Hold(micros, beatAt(micros), continuingBpmAt(micros)));
  }

  /** This map without the segments that ended before {@code micros} (the one in force stays). */
  public TempoMap prunedBefore(long micros) {
    int first = 0;
    while (first < segments.size() - 1 && segments.get(first + 1).startMicros() - micros <= 0) {
      first++;
    }
    return first == 0 ? this : new TempoMap(segments.subList(first, segments.size()));
  }

  /**
   * This map on a clock whose times are {@code micros} later: the same beats, each reached {@code
   * micros} later in server time (for a group brought back on a restarted server's clock).
   */
  public TempoMap shiftedBy(long micros) {
    org.attune.protocol.v1.TempoMap.Builder map = toProto().toBuilder();
    for (org.attune.protocol.v1.TempoSegment.Builder s : map.getSegmentsBuilderList()) {
      s.setStartServerMicros(s.getStartServerMicros() + micros);
    }
    return fromProto(map.build());
  }

  private TempoMap cutAt(long micros, TempoSegment appended) {
    List<TempoSegment> kept = new ArrayList<>(segments.size() + 1);
    for (TempoSegment segment : segments) {
      if (segment.startMicros() - micros < 0) {
        kept.add(segment);
      }
    }
    kept.add(appended);
    return new TempoMap(kept);
  }

  private static void checkBpm(double bpm) {
    if (!(bpm >= MIN_BPM && bpm <= MAX_BPM)) {
      throw new IllegalArgumentException(
          "tempo must be between " + (int) MIN_BPM + " and " + (int) MAX_BPM + " BPM, not " + bpm);
    }
  }

  public org.attune.protocol.v1.TempoMap toProto() {
    org.attune.protocol.v1.TempoMap.Builder map = org.attune.protocol.v1.TempoMap.newBuilder();
    for (TempoSegment segment : segments) {
      org.attune.protocol.v1.TempoSegment.Builder s =
          map.addSegmentsBuilder()
              .setStartServerMicros(segment.startMicros())
              .setStartBeat(segment.startBeat());
      if (segment instanceof TempoSegment.Steady steady) {
        s.setSteady(Steady.newBuilder().setBpm(steady.bpm()));
      } else if (segment instanceof TempoSegment.Ramp ramp) {
        s.setRamp(
            Ramp.newBuilder()
                .setFromBpm(ramp.fromBpm())
                .setToBpm(ramp.toBpm())
                .setBeats(ramp.beats()));
      } else if (segment instanceof TempoSegment.Hold hold) {
        s.setHold(Hold.newBuilder().setBpm(hold.bpm()));
      }
    }
    return map.build();
  }

  /**
   * Reads a map from the wire.
   *
   * @throws IllegalArgumentException if it is empty, out of order or has a segment without a kind
   */
  public static TempoMap fromProto(org.attune.protocol.v1.TempoMap proto) {
    List<TempoSegment> segments = new ArrayList<>(proto.getSegmentsCount());
    for (org.attune.protocol.v1.TempoSegment s : proto.getSegmentsList()) {
      long micros = s.getStartServerMicros();
      double beat = s.getStartBeat();
      if (!segments.isEmpty() && segments.get(segments.size() - 1).startMicros() - micros >= 0) {
        throw new IllegalArgumentException("tempo segments are out of order");
      }
      segments.add(
          switch (s.getKindCase()) {
            case STEADY -> new TempoSegment.Steady(micros, beat, s.getSteady().getBpm());
            case RAMP ->
                new TempoSegment.Ramp(
                    micros,
                    beat,
                    s.getRamp().getFromBpm(),
                    s.getRamp().getToBpm(),
                    s.getRamp().getBeats());
            case HOLD -> new TempoSegment.Hold(micros, beat, s.getHold().getBpm());
            case KIND_NOT_SET -> throw new IllegalArgumentException("tempo segment without a kind");
          });
      checkSegment(segments.get(segments.size() - 1));
    }
    return new TempoMap(segments);
  }

  private static void checkSegment(TempoSegment segment) {
    if (segment instanceof TempoSegment.Steady steady) {
      checkBpm(steady.bpm());
    } else if (segment instanceof TempoSegment.Ramp ramp) {
      checkBpm(ramp.fromBpm());
      checkBpm(ramp.toBpm());
      if (!(ramp.beats() > 0) || Double.isInfinite(ramp.beats())) {
        throw new IllegalArgumentException("a ramp needs a positive number of beats");
      }
    } else if (segment instanceof TempoSegment.Hold hold) {
      checkBpm(hold.bpm());
    }
    if (!Double.isFinite(segment.startBeat())) {
      throw new IllegalArgumentException("a tempo segment needs a finite start beat");
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof TempoMap map && map.segments.equals(segments);
  }

  @Override
  public int hashCode() {
    return segments.hashCode();
  }

  @Override
  public String toString() {
    return "TempoMap" + segments;
  }
}
