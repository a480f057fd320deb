package org.attune.server.journal.export;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import javax.sound.midi.InvalidMidiDataException;
import javax.sound.midi.MetaMessage;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.Track;
import org.attune.clock.TempoMap;
import org.attune.clock.TempoSegment;
import org.attune.form.FormStates;
import org.attune.form.RomanChord;
import org.attune.protocol.v1.FormState;
import org.attune.protocol.v1.Meter;
import org.attune.protocol.v1.Progression;

/**
 * The first track of a session's MIDI file: its name, and its time as the group had it.
 *
 * <ul>
 *   <li>Tempo: an event wherever the tempo changes. A steady segment is one event; a ramp is one
 *       event every {@link #RAMP_STEP_BEATS} of a beat, each the slice's mean tempo, so that every
 *       slice lasts as long as it did; a fermata's inserted beats ({@link TickLine}) get the tempo
 *       that makes them last as long as the fermata held, and a cue point "Fermata".
 *   <li>Time signatures (the meter), key signatures ({@link KeySignature}) with the key in words as
 *       a text event, and the section's name as a marker, wherever the form's change took effect.
 *   <li>The chord of each bar while the form has a progression, as a text event at the bar line
 *       (e.g. "IV F"), from the start until the session's end.
 * </ul>
 *
 * <p>Thread-safe: no; one export's.
 */
final class ConductorTrack {

  /** Tempo events of a ramp: one per sixteenth of a beat. */
  static final double RAMP_STEP_BEATS = 1.0 / 16;

  static final int TEMPO = 0x51;
  static final int TIME_SIGNATURE = 0x58;
  static final int KEY_SIGNATURE = 0x59;
  static final int TEXT = 0x01;
  static final int TRACK_NAME = 0x03;
  static final int MARKER = 0x06;
  static final int CUE_POINT = 0x07;
  private static final int MAX_MICROS_PER_QUARTER = 0xFF_FFFF;

  /**
   * How far below a bar line a tempo map's beat may be and still be on it: beats come from
   * microseconds rounded to whole ones, so a fermata on a downbeat may hold at beat 43.999999.
   */
  private static final double BEAT_TOLERANCE = 1e-5;

  private final SessionScore score;
  private final TickLine line;
  private final int ppq;
  private final Track track;

  private ConductorTrack(SessionScore score, TickLine line, int ppq, Track track) {
    this.score = score;
    this.line = line;
    this.ppq = ppq;
    this.track = track;
  }

  /** Writes the conductor events of {@code score} into {@code track}. */
  static void write(SessionScore score, TickLine line, int ppq, Track track) {
    ConductorTrack conductor = new ConductorTrack(score, line, ppq, track);
    conductor.meta(0, TRACK_NAME, text(score.name().isEmpty() ? score.groupId() : score.name()));
    conductor.form();
    conductor.chords();
    conductor.tempo();
  }

  private void form() {
    FormState previous = null;
    for (FormChange change : score.form()) {
      FormState form = change.form();
      long tick = line.tick(change.beat(), change.wallMicros());
      if (previous == null || !previous.getMeter().equals(form.getMeter())) {
        meta(tick, TIME_SIGNATURE, timeSignature(form.getMeter()));
      }
      if (previous == null || !previous.getKey().equals(form.getKey())) {
        meta(tick, KEY_SIGNATURE, KeySignature.data(form.getKey()));
        meta(tick, TEXT, text("Key: " + KeySignature.describe(form.getKey())));
      }
      if (previous == null || !previous.getSection().equals(form.getSection())) {
        meta(tick, MARKER, text(form.getSection()));
      }
      previous = form;
    }
    for (TickLine.Fermata f : line.fermatas()) {
      meta(
          line.tick(f.beat(), f.startWall()),
          CUE_POINT,
          text(String.format(Locale.ROOT, "Fermata (%.1f s)", f.duration() / 1e6)));
    }
  }

  /**
   * A text event wherever the chord moves on (one per bar of the progression, from its start beat)
   * while a progression plays, and where a change of form changes the chord in mid-bar.
   */
  private void chords() {
    TempoMap map = score.tempo();
    List<FormChange> form = score.form();
    String last = null;
    for (int i = 0; i < form.size(); i++) {
      FormState state = form.get(i).form();
      Progression progression = state.getProgression();
      if (progression.getChordsCount() == 0) {
        last = null;
        continue;
      }
      double from = Math.max(form.get(i).beat(), progression.getStartBeat());
      double until = i + 1 < form.size() ? form.get(i + 1).beat() : score.endBeat();
      int beatsPerBar = FormStates.beatsPerBar(state);
      double sinceStart = (from - progression.getStartBeat()) / beatsPerBar;
      long bar = (long) Math.ceil(sinceStart - 1e-9);
      boolean onBarLine = Math.abs(sinceStart - bar) < 1e-9;
      double beat = onBarLine ? progression.getStartBeat() + bar * beatsPerBar : from;
      while (beat < until) {
        long wall = map.timeAt(beat - BEAT_TOLERANCE);
        if (wall == Long.MAX_VALUE) {
          break;
        }
        String chord = chordText(state, beat);
        if (onBarLine || !chord.equals(last)) {
          meta(line.tick(beat, wall), TEXT, text(chord));
        }
        last = chord;
        if (!onBarLine) {
          onBarLine = true;
        } else {
          bar++;
        }
        beat = progression.getStartBeat() + bar * beatsPerBar;
      }
    }
  }

  private static String chordText(FormState form, double beat) {
    try {
      // A hair past the bar line: a beat computed as start + bars * length may fall just short.
      RomanChord chord = FormStates.chordAt(form, beat + 1e-9);
      return chord.symbol() + " " + chord.nameIn(form.getKey());
    } catch (IllegalArgumentException e) {
      Progression p = form.getProgression();
      long bar = (long) Math.floor((beat + 1e-9 - p.getStartBeat()) / FormStates.beatsPerBar(form));
      return p.getChords((int) Math.floorMod(bar, (long) p.getChordsCount()));
    }
  }

  /** Tempo events from the tempo map's segments, ramps sliced, fermatas and meters followed. */
  private void tempo() {
    TempoMap map = score.tempo();
    long start = score.startWallMicros();
    long end = score.endWallMicros();
    TreeSet<Long> cuts = new TreeSet<>();
    cuts.add(start);
    List<TempoSegment> segments = map.segments();
    for (int i = 0; i < segments.size(); i++) {
      TempoSegment s = segments.get(i);
      long next = i + 1 < segments.size() ? segments.get(i + 1).startMicros() : Long.MAX_VALUE;
      cuts.add(s.startMicros());
      if (s instanceof TempoSegment.Ramp ramp) {
        long rampEnd = Math.min(next, s.startMicros() + Math.round(ramp.durationMicros()));
        for (int k = 1; ; k++) {
          long at = ramp.timeAt(ramp.startBeat() + k * RAMP_STEP_BEATS);
          if (at - Math.min(rampEnd, end) >= 0) {
            break;
          }
          cuts.add(at);
        }
        cuts.add(rampEnd);
      }
    }
    for (FormChange change : score.form()) {
      cuts.add(change.wallMicros());
    }
    List<Long> times = cuts.subSet(start, true, end, false).stream().toList();
    long lastTempo = -1;
    for (int i = 0; i < times.size(); i++) {
      long from = times.get(i);
      long until = i + 1 < times.size() ? times.get(i + 1) : end;
      long tick = line.tickAtWall(from);
      long micros = microsPerQuarter(map.segmentAt(from), from, until, tick);
      if (micros > 0 && micros != lastTempo) {
        meta(tick, TEMPO, new byte[] {(byte) (micros >> 16), (byte) (micros >> 8), (byte) micros});
        lastTempo = micros;
      }
    }
    if (lastTempo < 0) {
      long micros = Math.round(TempoSegment.MICROS_PER_MINUTE / map.bpmAt(start));
      meta(0, TEMPO, new byte[] {(byte) (micros >> 16), (byte) (micros >> 8), (byte) micros});
    }
  }

  /**
   * The tempo from {@code from} to {@code until}: a steady tempo as it is, anything else (a ramp's
   * slice, a fermata) as the tempo that makes the interval's ticks last as long as it did; 0 if the
   * interval has no ticks.
   */
  private long microsPerQuarter(TempoSegment segment, long from, long until, long tick) {
    int ticksPerBeat = line.ticksPerBeatAtWall(from);
    boolean steady =
        segment instanceof TempoSegment.Steady
            || segment instanceof TempoSegment.Ramp ramp
                && from - ramp.startMicros() >= Math.round(ramp.durationMicros());
    double micros;
    if (steady) {
      micros = TempoSegment.MICROS_PER_MINUTE / segment.bpmAt(from) * ppq / ticksPerBeat;
    } else {
      long ticks = line.tickAtWall(until) - tick;
      if (ticks <= 0) {
        return 0;
      }
      micros = (until - from) * (double) ppq / ticks;
    }
    return Math.max(1, Math.min(MAX_MICROS_PER_QUARTER, Math.round(micros)));
  }

  private static byte[] timeSignature(Meter meter) {
    int unit = Math.max(1, meter.getBeatUnit());
    int log2 = 31 - Integer.numberOfLeadingZeros(unit);
    return new byte[] {(byte) Math.max(1, meter.getBeatsPerBar()), (byte) log2, 24, 8};
  }

  private static byte[] text(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private void meta(long tick, int type, byte[] data) {
    try {
      track.add(new MidiEvent(new MetaMessage(type, data, data.length), tick));
    } catch (InvalidMidiDataException e) {
      throw new IllegalArgumentException("meta event 0x" + Integer.toHexString(type), e);
    }
  }
}
