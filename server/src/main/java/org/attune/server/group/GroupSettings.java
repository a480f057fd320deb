package org.attune.server.group;

/**
 * The settings a group needs, in microseconds of server time.
 *
 * @param minLookaheadMicros shortest delay between a facilitator command and its effect
 * @param maxLookaheadMicros longest look-ahead, however slow a member is
 * @param maxMembers members (connected or resumable) in one group, {@link #FACILITATOR_PLACES} of
 *     them kept for facilitators
 * @param resumeGraceMicros how long a dropped member may resume
 * @param idleEndMicros how long a group may have no one connected before its session ends
 */
public record GroupSettings(
    long minLookaheadMicros,
    long maxLookaheadMicros,
    int maxMembers,
    long resumeGraceMicros,
    long idleEndMicros) {

  /**
   * Places of a group that only facilitators may take (the therapist, a co-therapist, a second
   * console): participants and listeners fill at most {@code maxMembers} minus these, so that
   * whoever fills a group with the join code cannot keep its facilitator out.
   */
  public static final int FACILITATOR_PLACES = 4;

  public GroupSettings {
    if (maxMembers <= FACILITATOR_PLACES) {
      throw new IllegalArgumentException(
          "a group needs more than " + FACILITATOR_PLACES + " places, not " + maxMembers);
    }
  }

  /** Places for participants and listeners. */
  public int memberPlaces() {
    return maxMembers - FACILITATOR_PLACES;
  }

  /**
   * How long a dropped member keeps its place in a full group: a twentieth of the resume grace (30
   * s of the default 10 minutes). Past it, a new join into the full group takes the place of the
   * member that dropped longest ago (its session ends); before it, a blip of a tablet's Wi-Fi costs
   * nobody their place.
   */
  public long placeKeptMicros() {
    return resumeGraceMicros / 20;
  }
}
