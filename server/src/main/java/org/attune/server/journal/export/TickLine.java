package org.attune.server.journal.export;

import java.util.ArrayList;
import java.util.List;
import org.attune.clock.TempoMap;
import org.attune.clock.TempoSegment;
import org.attune.protocol.v1.FormState;

/**
 * Where a moment of a session falls in its MIDI file, in ticks.
 *
 * <p>A tick position follows the group's beat line, one beat being one note of the meter's beat
 * unit ({@code ppq} ticks for a quarter, half that for an eighth), so that the file's bars are the
 * session's bars. A MIDI file cannot stand still, though, and a fermata (a hold of the tempo map)
 * stood still for a while that the members may have played through. So each fermata is given whole
 * beats of its own: as many as its duration lasts at the tempo it held (at least one), and the
 * file's tempo during them is set so that they last exactly as long as the fermata did. What was
 * played during a fermata keeps its timing; the file's beats after it are the group's beats shifted
 * by the fermata's beats.
 *
 * <p>Immutable; thread-safe.
 */
final class TickLine {

  /** A fermata as the file shows it: from its start to its release, {@code beats} long. */
  record Fermata(long startWall, long endWall, double beat, int beats) {
    long duration() {
      return endWall - startWall;
    }
  }

  /** Ticks per beat from {@code exportBeat} (the beat line with fermatas' beats inserted) on. */
  private record MeterSpan(double exportBeat, double tick, int ticksPerBeat) {}

  private final int ppq;
  private final TempoMap map;
  private final List<Fermata> fermatas = new ArrayList<>();
  private final List<MeterSpan> meters = new ArrayList<>();

  TickLine(SessionScore score, int ppq) {
    this.ppq = ppq;
    this.map = score.tempo();
    List<TempoSegment> segments = map.segments();
    for (int i = 0; i < segments.size(); i++) {
      if (segments.get(i) instanceof TempoSegment.Hold hold
          && hold.startMicros() - score.endWallMicros() < 0) {
        long end =
            i + 1 < segments.size()
                ? Math.min(segments.get(i + 1).startMicros(), score.endWallMicros())
                : score.endWallMicros();
        long duration = end - hold.startMicros();
        int beats =
            (int) Math.max(1, Math.round(duration * hold.bpm() / TempoSegment.MICROS_PER_MINUTE));
        fermatas.add(new Fermata(hold.startMicros(), end, hold.startBeat(), beats));
      }
    }
    for (FormChange change : score.form()) {
      int ticksPerBeat = ticksPerBeat(change.form());
      MeterSpan last = meters.isEmpty() ? null : meters.get(meters.size() - 1);
      if (last == null) {
        meters.add(new MeterSpan(0, 0, ticksPerBeat));
      } else if (last.ticksPerBeat != ticksPerBeat) {
        double at = exportBeat(change.beat(), change.wallMicros());
        meters.add(
            new MeterSpan(
                at, last.tick + (at - last.exportBeat) * last.ticksPerBeat, ticksPerBeat));
      }
    }
  }

  /** Ticks per beat of {@code form}'s meter: a beat is a note of its beat unit. */
  int ticksPerBeat(FormState form) {
    int unit = form.getMeter().getBeatUnit();
    return switch (unit) {
      case 1, 2, 4, 8, 16, 32 -> ppq * 4 / unit;
      default -> ppq;
    };
  }

  List<Fermata> fermatas() {
    return fermatas;
  }

  /**
   * The tick of a moment: {@code beat} of the group's beat line at wall time {@code wallMicros}; 0
   * for a moment before the session's start.
   */
  long tick(double beat, long wallMicros) {
    double at = exportBeat(beat, wallMicros);
    MeterSpan span = meterAt(at);
    return Math.max(0, Math.round(span.tick + (at - span.exportBeat) * span.ticksPerBeat));
  }

  /** The tick of wall time {@code wallMicros}, its beat taken from the tempo map. */
  long tickAtWall(long wallMicros) {
    return tick(map.beatAt(wallMicros), wallMicros);
  }

  /** Ticks per beat of the meter in force at wall time {@code wallMicros}. */
  int ticksPerBeatAtWall(long wallMicros) {
    return meterAt(exportBeat(map.beatAt(wallMicros), wallMicros)).ticksPerBeat;
  }

  /** The beat line with every fermata's beats inserted, at {@code beat} and wall time. */
  private double exportBeat(double beat, long wallMicros) {
    double held = 0;
    for (Fermata f : fermatas) {
      if (wallMicros - f.endWall >= 0) {
        held += f.beats;
      } else if (wallMicros - f.startWall > 0) {
        held += f.beats * (double) (wallMicros - f.startWall) / f.duration();
      }
    }
    return beat + held;
  }

  private MeterSpan meterAt(double exportBeat) {
    MeterSpan found = meters.get(0);
    for (MeterSpan span : meters) {
      if (span.exportBeat > exportBeat) {
        break;
      }
      found = span;
    }
    return found;
  }
}
