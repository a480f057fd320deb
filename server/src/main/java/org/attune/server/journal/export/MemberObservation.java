package org.attune.server.journal.export;

import java.util.List;

/**
 * What a therapist observes of one member over a session (step 1 of the seeds: listen and observe),
 * computed from the journal by {@link SessionObservations}.
 *
 * <p>Immutable. Figures that need onsets a member did not play are {@code NaN} (or -1 for pitches).
 *
 * @param participantId the member's id in the group
 * @param name its pseudonym
 * @param instrument the sound it joined with
 * @param onsets notes and hits it started
 * @param barsPresent bars during which it was in the group (from its join to its leaving)
 * @param eventsPerBar onsets per bar present
 * @param silentBars bars present in which it played nothing
 * @param tempoBpm its own tempo: the median of 60 k / t over successive onsets t seconds and k
 *     whole beats apart (k = 1..4, within a quarter beat)
 * @param tempoSpreadPercent how steady that is: the spread (standard deviation) of those tempi as a
 *     percentage of their median
 * @param asynchronyMeanMs how early (negative) or late its onsets fall against the group's pulse:
 *     the mean distance in ms from each onset to the nearest beat of the tempo map
 * @param asynchronySpreadMs the spread (standard deviation) of those distances
 * @param velocityMean mean MIDI velocity 1..127 of its onsets
 * @param velocityMin softest
 * @param velocityMax loudest
 * @param lowestPitch its lowest MIDI note (hits not counted), -1 if it played none
 * @param highestPitch its highest
 * @param bars bar by bar, from the session's first bar: onsets and mean asynchrony
 */
public record MemberObservation(
    String participantId,
    String name,
    String instrument,
    int onsets,
    int barsPresent,
    double eventsPerBar,
    int silentBars,
    double tempoBpm,
    double tempoSpreadPercent,
    double asynchronyMeanMs,
    double asynchronySpreadMs,
    double velocityMean,
    int velocityMin,
    int velocityMax,
    int lowestPitch,
    int highestPitch,
    List<BarFigure> bars) {

  public MemberObservation {
    bars = List.copyOf(bars);
  }

  /**
   * One bar of one member.
   *
   * @param present whether the member was in the group during the bar
   * @param onsets notes and hits started in it
   * @param asynchronyMs mean asynchrony of those onsets, NaN if none
   */
  public record BarFigure(int bar, boolean present, int onsets, double asynchronyMs) {}
}
