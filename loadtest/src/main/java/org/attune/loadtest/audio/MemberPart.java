package org.attune.loadtest.audio;

import java.util.List;

/**
 * One simulated member of a benchmark group: the MIDI channel and General MIDI program it plays and
 * the keys it picks its notes from.
 *
 * <p>Drum members all share MIDI channel 10 (index 9), as General MIDI has one drum channel; their
 * key sets are disjoint so that their notes never cut each other off.
 *
 * <p>Thread-safe: yes (immutable).
 */
public record MemberPart(int member, int channel, int program, boolean drums, List<Integer> keys) {

  /** The MIDI channel (counted from 0) that General MIDI reserves for percussion. */
  public static final int DRUM_CHANNEL = 9;

  public MemberPart {
    keys = List.copyOf(keys);
  }
}
