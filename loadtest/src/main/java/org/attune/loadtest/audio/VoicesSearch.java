package org.attune.loadtest.audio;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the most voices an engine renders faster than real time: doubling from a first guess until
 * a probe is too slow, then bisecting between the last that kept up and the first that did not, to
 * a given resolution.
 *
 * <p>Rendering speed is noisy on a shared machine, so the answer is the largest count that was
 * measured to keep up, and every probe is kept for the report.
 *
 * <p>Thread-safe: no.
 */
public final class VoicesSearch {

  /** The answer and how it was reached. */
  public record Outcome(int voices, List<VoiceProbe.Result> probes, boolean capped) {}

  private VoicesSearch() {}

  /**
   * @param first the first count probed
   * @param max the most the engine can be asked for (the search reports it as capped if even that
   *     keeps up)
   * @param resolution stop when the bracket is this narrow
   */
  public static Outcome largest(VoiceProbe probe, int first, int max, int resolution)
      throws IOException {
    List<VoiceProbe.Result> probes = new ArrayList<>();
    int good = 0;
    int bad = -1;
    int n = Math.min(first, max);
    while (bad < 0) {
      VoiceProbe.Result r = probe.probe(n);
      probes.add(r);
      if (r.fasterThanRealtime()) {
        good = n;
        if (n >= max) {
          return new Outcome(good, probes, true);
        }
        n = Math.min(max, n * 2);
      } else {
        bad = n;
      }
    }
    while (bad - good > resolution) {
      int mid = good + (bad - good) / 2;
      VoiceProbe.Result r = probe.probe(mid);
      probes.add(r);
      if (r.fasterThanRealtime()) {
        good = mid;
      } else {
        bad = mid;
      }
    }
    return new Outcome(good, probes, false);
  }
}
