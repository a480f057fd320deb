package org.attune.server.journal.export;

import java.util.ArrayList;
import java.util.List;
import org.attune.clock.TempoMap;
import org.attune.protocol.v1.TempoSegment;

/**
 * A group's whole tempo map, stitched together from the maps its structure changes carry.
 *
 * <p>A server sends and journals each change's map pruned to a few seconds before the change, so no
 * single record holds the session's map. Each new map agrees with the one before it everywhere
 * before its cut, so the whole map is the earlier segments up to where the new map's first segment
 * starts, then the new map's segments.
 *
 * <p>Maps are adopted on the wall clock ({@link #onWallClock}): a restarted server's maps are on a
 * new server clock whose anchor differs from the old one's, and only wall time puts both on one
 * line.
 *
 * <p>Thread-safe: no; one reader's.
 */
final class TempoHistory {

  private final List<TempoSegment> segments = new ArrayList<>();

  /** A history that starts with {@code initial}. */
  TempoHistory(TempoMap initial) {
    segments.addAll(initial.toProto().getSegmentsList());
  }

  /** Takes {@code later} as the map from its first segment's start on. */
  void adopt(TempoMap later) {
    List<TempoSegment> next = later.toProto().getSegmentsList();
    long from = next.get(0).getStartServerMicros();
    segments.removeIf(s -> s.getStartServerMicros() - from >= 0);
    segments.addAll(next);
  }

  /** The whole map so far. */
  TempoMap map() {
    return TempoMap.fromProto(
        org.attune.protocol.v1.TempoMap.newBuilder().addAllSegments(segments).build());
  }

  /**
   * {@code map}, in server times of a run whose time 0 was {@code epochMicrosAtZero}, on the wall
   * clock.
   *
   * @throws IllegalArgumentException if it is not a valid tempo map
   */
  static TempoMap onWallClock(org.attune.protocol.v1.TempoMap map, long epochMicrosAtZero) {
    org.attune.protocol.v1.TempoMap.Builder shifted = map.toBuilder();
    for (TempoSegment.Builder s : shifted.getSegmentsBuilderList()) {
      s.setStartServerMicros(s.getStartServerMicros() + epochMicrosAtZero);
    }
    return TempoMap.fromProto(shifted.build());
  }
}
