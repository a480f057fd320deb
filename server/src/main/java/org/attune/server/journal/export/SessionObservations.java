package org.attune.server.journal.export;

import java.util.ArrayList;
import java.util.List;
import org.attune.clock.TempoMap;

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

  /** The beat distances between onsets that count towards a member's own tempo. */
  private static final int MAX_BEATS_APART = 4;

  private static final double BEAT_TOLERANCE = 0.25;

  private SessionObservations() {}

  /** Every member who joined to play, in order of first joining. */
  public static List<MemberObservation> of(SessionScore score) {
    BarLine bars = new BarLine(score.form());
    int lastBar = bars.barAt(score.endBeat());
    List<MemberObservation> out = new ArrayList<>();
    for (Part part : score.parts()) {
      out.add(observe(part, score.tempo(), bars, lastBar, score));
    }
    return out;
  }

  /** The bars of the session, 0 to the one its end falls in. */
  public static int barCount(SessionScore score) {
    return new BarLine(score.form()).barAt(score.endBeat()) + 1;
  }

  private static MemberObservation observe(
      Part part, TempoMap tempo, BarLine bars, int lastBar, SessionScore score) {
    int barCount = lastBar + 1;
    boolean[] present = new boolean[barCount];
    int[] perBar = new int[barCount];
    double[] asyncSum = new double[barCount];
    List<Double> asynchronies = new ArrayList<>();
    List<double[]> onsets = new ArrayList<>();
    double velocitySum = 0;
    int velocityMin = Integer.MAX_VALUE;
    int velocityMax = Integer.MIN_VALUE;
    int low = Integer.MAX_VALUE;
    int high = Integer.MIN_VALUE;
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
      if (e instanceof PartEvent.NoteOn on) {
        velocity = on.velocity();
        low = Math.min(low, on.pitch());
        high = Math.max(high, on.pitch());
      } else if (e instanceof PartEvent.Hit hit) {
        velocity = hit.velocity();
      } else {
        continue;
      }
      velocitySum += velocity;
      velocityMin = Math.min(velocityMin, velocity);
      velocityMax = Math.max(velocityMax, velocity);
      long nearest = tempo.timeAt(Math.rint(e.beat()));
      double asyncMs = (e.wallMicros() - nearest) / 1000.0;
      asynchronies.add(asyncMs);
      onsets.add(new double[] {e.wallMicros(), e.beat()});
      int bar = Math.min(lastBar, bars.barAt(e.beat()));
      perBar[bar]++;
      asyncSum[bar] += asyncMs;
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
    int n = asynchronies.size();
    List<Double> tempi = ownTempi(onsets);
    double tempoMedian = median(tempi);
    return new MemberObservation(
        part.participantId(),
        part.name(),
        part.instrument().name(),
        n,
        barsPresent,
        barsPresent == 0 ? Double.NaN : n / (double) barsPresent,
        silent,
        tempoMedian,
        tempi.size() < 2 ? Double.NaN : 100 * spread(tempi) / tempoMedian,
        n == 0 ? Double.NaN : mean(asynchronies),
        n < 2 ? Double.NaN : spread(asynchronies),
        n == 0 ? Double.NaN : velocitySum / n,
        n == 0 ? 0 : velocityMin,
        n == 0 ? 0 : velocityMax,
        low == Integer.MAX_VALUE ? -1 : low,
        high == Integer.MIN_VALUE ? -1 : high,
        figures);
  }

  /** 60 k / t for successive onsets t seconds and about k whole beats apart. */
  private static List<Double> ownTempi(List<double[]> onsets) {
    List<Double> tempi = new ArrayList<>();
    for (int i = 1; i < onsets.size(); i++) {
      double beats = onsets.get(i)[1] - onsets.get(i - 1)[1];
      double seconds = (onsets.get(i)[0] - onsets.get(i - 1)[0]) / 1e6;
      long k = Math.round(beats);
      if (k >= 1 && k <= MAX_BEATS_APART && Math.abs(beats - k) <= BEAT_TOLERANCE && seconds > 0) {
        tempi.add(60.0 * k / seconds);
      }
    }
    return tempi;
  }

  private static void mark(boolean[] present, int from, int to) {
    for (int b = Math.max(0, from); b <= Math.min(present.length - 1, to); b++) {
      present[b] = true;
    }
  }

  private static double mean(List<Double> values) {
    double sum = 0;
    for (double v : values) {
      sum += v;
    }
    return sum / values.size();
  }

  private static double spread(List<Double> values) {
    double m = mean(values);
    double sum = 0;
    for (double v : values) {
      sum += (v - m) * (v - m);
    }
    return Math.sqrt(sum / (values.size() - 1));
  }

  private static double median(List<Double> values) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(null);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }
}
