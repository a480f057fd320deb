package org.attune.server.observe;

import java.util.LinkedHashMap;
import java.util.Map;
import org.attune.clock.TempoMap;
import org.attune.protocol.v1.Gesture;
import org.attune.protocol.v1.MemberFigures;
import org.attune.protocol.v1.Observations;

/**
 * A group's live observations of its members: every onset (a note, a pad press, a hit) a member
 * plays goes into that member's {@link OnsetStatistics}, with its asynchrony to the nearest beat of
 * the group's tempo map at its played-at time; {@link #message} gives the figures as the
 * facilitator receives them.
 *
 * <p>Thread-safe: no; owned by the group's loop, like the group.
 */
public final class LiveObservations {

  /** The bars whose onsets {@code onsets_last_four_bars} counts. */
  static final int RECENT_BARS = 4;

  private static final int RECENT_ONSETS = 256;

  private static final class Figures {
    final OnsetStatistics stats = new OnsetStatistics(OnsetStatistics.LIVE_TEMPO_WINDOW);
    final double[] recentBeats = new double[RECENT_ONSETS];
    int recent;
  }

  private final Map<String, Figures> members = new LinkedHashMap<>();

  /**
   * A member played {@code gesture} (normalized: velocity and played-at time set) at {@code beat}
   * of {@code tempo}, sounding {@code pitch}. Anything but an onset is not counted, nor an onset
   * whose nearest beat lies past a fermata (no pulse to measure against).
   */
  public void played(String memberId, Gesture gesture, int pitch, double beat, TempoMap tempo) {
    if (!isOnset(gesture)) {
      return;
    }
    boolean hit = gesture.hasHit();
    long nearest = tempo.timeAt(Math.rint(beat));
    if (nearest == Long.MAX_VALUE) {
      return;
    }
    long playedAt = gesture.getPlayedAtServerMicros();
    int velocity = Math.max(1, Math.min(127, Math.round(gesture.getVelocity() * 127)));
    Figures f = members.computeIfAbsent(memberId, id -> new Figures());
    f.stats.onset(playedAt, beat, playedAt - nearest, velocity, hit ? -1 : pitch);
    f.recentBeats[f.recent++ % RECENT_ONSETS] = beat;
  }

  /** Whether {@code gesture} starts a sound: a note, a hit or a pad pressed (not released). */
  public static boolean isOnset(Gesture gesture) {
    return switch (gesture.getKindCase()) {
      case NOTE_ON, HIT -> true;
      case PAD -> !gesture.getPad().getRelease();
      default -> false;
    };
  }

  /** The member left the group: its figures go. */
  public void left(String memberId) {
    members.remove(memberId);
  }

  /** Whether any member has played. */
  public boolean isEmpty() {
    return members.isEmpty();
  }

  /**
   * The figures now.
   *
   * @param beatNow the group's beat now
   * @param beatsPerBar the meter now, for the recent bars
   */
  public Observations message(long nowMicros, double beatNow, int beatsPerBar) {
    Observations.Builder out = Observations.newBuilder().setServerMicros(nowMicros);
    double since = beatNow - RECENT_BARS * Math.max(1, beatsPerBar);
    for (Map.Entry<String, Figures> e : members.entrySet()) {
      Figures f = e.getValue();
      OnsetStatistics s = f.stats;
      int recent = 0;
      for (int i = 0; i < Math.min(f.recent, RECENT_ONSETS); i++) {
        if (f.recentBeats[i] > since) {
          recent++;
        }
      }
      MemberFigures.Builder m =
          MemberFigures.newBuilder()
              .setParticipantId(e.getKey())
              .setOnsets(s.onsets())
              .setOnsetsLastFourBars(recent)
              .setVelocityMin(s.velocityMin())
              .setVelocityMax(s.velocityMax())
              .setLowestPitch(s.lowestPitch())
              .setHighestPitch(s.highestPitch());
      if (s.onsets() > 0) {
        m.setAsynchronyMeanMs((float) s.asynchronyMeanMs())
            .setVelocityMean((float) s.velocityMean());
      }
      if (s.onsets() > 1) {
        m.setAsynchronySpreadMs((float) s.asynchronySpreadMs());
      }
      if (!Double.isNaN(s.tempoBpm())) {
        m.setTempoBpm((float) s.tempoBpm());
      }
      if (!Double.isNaN(s.tempoSpreadPercent())) {
        m.setTempoSpreadPercent((float) s.tempoSpreadPercent());
      }
      out.addMembers(m);
    }
    return out.build();
  }
}
