package org.attune.loadtest.audio;

import java.util.List;
import java.util.Map;

/**
 * Everything one render-bench run measured, as written to {@code render-bench.json}.
 *
 * <p>{@code sustained} is the long run at one group count ({@code --minutes}), {@code latency} the
 * step whose latency is reported; either is null if it did not run.
 *
 * <p>Thread-safe: yes (immutable).
 */
public record RenderBenchResults(
    String command,
    Map<String, String> environment,
    List<OfflineRender> offline,
    List<VoicesRow> voices,
    List<ConcurrentGroups.Step> ramp,
    ConcurrentGroups.Step sustained,
    ConcurrentGroups.Step latency,
    List<String> notes) {

  public RenderBenchResults {
    environment = Map.copyOf(environment);
    offline = List.copyOf(offline);
    voices = List.copyOf(voices);
    ramp = List.copyOf(ramp);
    notes = List.copyOf(notes);
  }

  /** The most groups of the ramp that ran with no underrun, 0 if none did. */
  public int largestGroupsWithoutUnderruns() {
    return ramp.stream()
        .filter(s -> s.underruns() == 0)
        .mapToInt(ConcurrentGroups.Step::groups)
        .max()
        .orElse(0);
  }
}
