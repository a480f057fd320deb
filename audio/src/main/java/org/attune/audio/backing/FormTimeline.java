package org.attune.audio.backing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.attune.clock.TempoMap;
import org.attune.clock.TempoSegment;
import org.attune.form.FormStates;
import org.attune.protocol.v1.FormState;
import org.attune.protocol.v1.StructureChange;

/**
 * What the backing band follows: a group's tempo map, the form states in effect from the beats its
 * announced changes take effect on, and the beats those changes accent.
 *
 * <p>The band works on a grid of {@link GroovePattern#TICKS_PER_BEAT} ticks per beat, counted on
 * the tempo map's beat line; a change takes effect on the first tick at or after its beat. The
 * constructor does every allocating step (parsing Roman numerals, resolving chord tones, compiling
 * grooves), so that the render thread only looks things up.
 *
 * <p>Thread-safe: yes (immutable). Built on the group's thread, handed to the render thread.
 * Realtime-safe: yes, all methods but the factories.
 */
public final class FormTimeline {

  private static final int T = GroovePattern.TICKS_PER_BEAT;

  /** How far below a tick a beat may fall and still count as on it: beats come from rounded µs. */
  private static final double TICK_TOLERANCE = 1e-3;

  private final TempoMap map;
  private final FormEntry[] entries;
  private final long[] accentTicks;

  private FormTimeline(TempoMap map, List<FormEntry> entries, long[] accentTicks) {
    this.map = map;
    this.entries = entries.toArray(new FormEntry[0]);
    this.accentTicks = accentTicks;
  }

  /** One form throughout, no accents. */
  public static FormTimeline steady(FormState form, TempoMap map) {
    return of(map, form, List.of());
  }

  /**
   * The timeline of a group whose form is {@code current} now and which has announced {@code
   * pending} (not yet in effect, in order of effect). Each change's patch applies from the beat
   * {@code map} has at its effective server time; {@code map} is the group's latest map, which
   * includes every pending change's tempo.
   */
  public static FormTimeline of(TempoMap map, FormState current, List<StructureChange> pending) {
    List<FormEntry> entries = new ArrayList<>();
    entries.add(new FormEntry(Long.MIN_VALUE, current));
    List<Long> accents = new ArrayList<>();
    FormState form = current;
    for (StructureChange change : pending) {
      long last = entries.get(entries.size() - 1).startTick;
      long tick = Math.max(last, tickAtOrAfter(map.beatAt(change.getEffectiveServerMicros())));
      if (change.getForm().getAccent()) {
        accents.add(tick);
      }
      FormState next = FormStates.apply(form, change.getForm());
      if (next.equals(form)) {
        continue;
      }
      if (tick == last) {
        entries.remove(entries.size() - 1);
      }
      entries.add(new FormEntry(tick, next));
      form = next;
    }
    long[] accentTicks = accents.stream().mapToLong(Long::longValue).sorted().distinct().toArray();
    return new FormTimeline(map, entries, accentTicks);
  }

  public TempoMap tempoMap() {
    return map;
  }

  /** The form state the band plays at server time {@code micros}. */
  public FormState formAt(long micros) {
    return entryAt(tickAtOrAfter(beatAt(micros))).form;
  }

  /** The groove the band plays at server time {@code micros}. */
  public Groove grooveAt(long micros) {
    return entryAt(tickAtOrAfter(beatAt(micros))).pattern.groove;
  }

  /**
   * The beat at server time {@code micros}, as {@link TempoMap#beatAt} gives it but walking the
   * segments by index: the map's own lookup iterates, which allocates on the render thread.
   */
  double beatAt(long micros) {
    List<TempoSegment> segments = map.segments();
    TempoSegment found = segments.get(0);
    for (int i = 1; i < segments.size() && segments.get(i).startMicros() - micros <= 0; i++) {
      found = segments.get(i);
    }
    return found.beatAt(micros);
  }

  static long tickAtOrAfter(double beat) {
    return (long) Math.ceil(beat * T - TICK_TOLERANCE);
  }

  static long nearestTick(double beat) {
    return Math.round(beat * T);
  }

  /**
   * Server time of {@code tick}; {@link Long#MAX_VALUE} while a fermata holds the beat before it.
   */
  long timeAt(long tick) {
    return map.timeAt(tick / (double) T);
  }

  FormEntry entryAt(long tick) {
    for (int i = entries.length - 1; i > 0; i--) {
      if (entries[i].startTick <= tick) {
        return entries[i];
      }
    }
    return entries[0];
  }

  /** The first tick after {@code tick} where another form takes effect. */
  long nextEntryStart(long tick) {
    for (FormEntry entry : entries) {
      if (entry.startTick > tick) {
        return entry.startTick;
      }
    }
    return Long.MAX_VALUE;
  }

  boolean isAccent(long tick) {
    return Arrays.binarySearch(accentTicks, tick) >= 0;
  }

  /**
   * True where the pad strikes its chord: a bar line, a change of chord, or a new form (a key or
   * progression may change in mid-bar).
   */
  boolean isChordStart(long tick) {
    FormEntry entry = entryAt(tick);
    return entry.startTick == tick || entry.isBarLine(tick) || entry.isChordLine(tick);
  }

  /** The first chord start after {@code tick}: where a held chord note must end. */
  long chordEnd(long tick) {
    FormEntry entry = entryAt(tick);
    return Math.min(
        Math.min(entry.nextBarLine(tick), entry.nextChordLine(tick)), nextEntryStart(tick));
  }

  /** The first tick at or after {@code tick} at which the band may play something. */
  long nextEventAtOrAfter(long tick) {
    if (isChordStart(tick) || isAccent(tick)) {
      return tick;
    }
    FormEntry entry = entryAt(tick);
    long next = entry.originTick + entry.pattern.nextEventAtOrAfter(entry.sinceOrigin(tick));
    next = Math.min(next, chordEnd(tick));
    int accent = Arrays.binarySearch(accentTicks, tick);
    int after = accent >= 0 ? accent : -accent - 1;
    if (after < accentTicks.length) {
      next = Math.min(next, accentTicks[after]);
    }
    return next;
  }
}
