package org.attune.server.journal.export;

import java.util.List;

/**
 * Which MIDI channel plays each member's melodic instrument: one of its own while the fifteen
 * melodic channels last (channel 10, index 9, is the General MIDI drum kit, which every member on a
 * kit shares). A session with more than fifteen members who played melodic instruments shares
 * channels among them, in turn; a program change of one of them then changes the others' sound on
 * that channel, which the export reports.
 *
 * <p>Thread-safe: yes (stateless).
 */
final class MidiChannels {

  /** The drum kit's channel, 10 counted from 1. */
  static final int DRUMS = 9;

  private static final List<Integer> MELODIC =
      List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 12, 13, 14, 15);

  private MidiChannels() {}

  /** The melodic channel of the {@code index}th member who played, counted from 0. */
  static int melodic(int index) {
    return MELODIC.get(index % MELODIC.size());
  }

  /** True if the {@code index}th member shares its melodic channel with an earlier one. */
  static boolean shared(int index) {
    return index >= MELODIC.size();
  }
}
