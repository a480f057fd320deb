package org.attune.server.journal.export;

import java.util.ArrayList;
import java.util.List;
import org.attune.clock.TempoMap;
import org.attune.server.observe.OnsetStatistics;

/**
 * Turns a session's score into what the therapist observes of each member ({@link
 * MemberObservation}): how much they play, their tempo and its steadiness, their synchrony with the
 * group's pulse, their dynamics and their range, over the session and bar by bar.
 *
 * <p>A member is present from each join to its leaving (or the end of the session); an onset's
 * asynchrony is its distance to the nearest beat of the group's tempo map on the shared clock, as
 * the journal holds it (played-at times), so it is the member's own timing, not the network's.
 *
 * <p>Thread-safe: yes (stateless).
 */
public final class SessionObservations {

  /** The intervals a member's tempo over the whole session is taken from: all, up to this. */
  private static final int REPORT_TEMPO_WINDOW = 8192;

  private SessionObservations() {}

  /** Every member who joined to play, in order of first joining. */
  public static List<MemberObservation> of(SessionScore score) {
    BarLine bars = new BarLine(score.form());
    int lastBar = bars.barAt(score.endBeat());
    List<MemberObservation> out = new ArrayList<>();
    for (Part part : score.parts()) {
      out.add(observe(part, score.tempo(), bars, lastBar));
    }
    return out;
  }

  /** The bars of the session, 0 to the one its end falls in. */
  public static int barCount(SessionScore score) {
    return new BarLine(score.form()).barAt(score.endBeat()) + 1;
  }

  private static MemberObservation observe(Part part, TempoMap tempo, BarLine bars, int lastBar) {
    int barCount = lastBar + 1;
    boolean[] present = new boolean[barCount];
    int[] perBar = new int[barCount];
    double[] asyncSum = new double[barCount];
    OnsetStatistics stats = new OnsetStatistics(REPORT_TEMPO_WINDOW);
    double joinedBeat = Double.NaN;
    for (PartEvent e : part.events()) {
      if (e instanceof PartEvent.Joined) {
        if (Double.isNaN(joinedBeat)) {
          joinedBeat = e.beat();
        }
        continue;
      }
      if (e instanceof PartEvent.Silenced) {
        if (!Double.isNaN(joinedBeat)) {
          mark(present, bars.barAt(joinedBeat), bars.barAt(e.beat()));
        }
        joinedBeat = Double.NaN;
        continue;
      }
      int velocity;
      int pitch;
      if (e instanceof PartEvent.NoteOn on) {
        velocity = on.velocity();
        pitch = on.pitch();
      } else if (e instanceof PartEvent.Hit hit) {
        velocity = hit.velocity();
        pitch = -1;
      } else {
        continue;
      }
      long asynchrony = e.wallMicros() - tempo.timeAt(Math.rint(e.beat()));
      stats.onset(e.wallMicros(), e.beat(), asynchrony, velocity, pitch);
      int bar = Math.min(lastBar, bars.barAt(e.beat()));
      perBar[bar]++;
      asyncSum[bar] += asynchrony / 1000.0;
      present[bar] = true;
    }
    if (!Double.isNaN(joinedBeat)) {
      mark(present, bars.barAt(joinedBeat), lastBar);
    }
    int barsPresent = 0;
    int silent = 0;
    List<MemberObservation.BarFigure> figures = new ArrayList<>();
    for (int b = 0; b < barCount; b++) {
      if (present[b]) {
        barsPresent++;
        if (perBar[b] == 0) {
          silent++;
        }
      }
      figures.add(
          new MemberObservation.BarFigure(
              b, present[b], perBar[b], perBar[b] == 0 ? Double.NaN : asyncSum[b] / perBar[b]));
    }
    int n = (int) stats.onsets();
    return new MemberObservation(
        part.participantId(),
        part.name(),
        part.instrument().name(),
        n,
        barsPresent,
        barsPresent == 0 ? Double.NaN : n / (double) barsPresent,
        silent,
        stats.tempoBpm(),
        stats.tempoSpreadPercent(),
        stats.asynchronyMeanMs(),
        stats.asynchronySpreadMs(),
        stats.velocityMean(),
        stats.velocityMin(),
        stats.velocityMax(),
        stats.lowestPitch(),
        stats.highestPitch(),
        figures);
  }

  private static void mark(boolean[] present, int from, int to) {
    for (int b = Math.max(0, from); b <= Math.min(present.length - 1, to); b++) {
      present[b] = true;
    }
  }
}
