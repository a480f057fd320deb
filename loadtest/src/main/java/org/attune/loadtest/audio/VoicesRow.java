package org.attune.loadtest.audio;

import java.util.List;

/**
 * One engine's voices-per-core answer with one SoundFont, and the probes behind it.
 *
 * <p>Thread-safe: yes (immutable).
 */
public record VoicesRow(
    String engine, String soundFont, int voices, boolean capped, List<VoiceProbe.Result> probes) {

  public VoicesRow {
    probes = List.copyOf(probes);
  }
}
