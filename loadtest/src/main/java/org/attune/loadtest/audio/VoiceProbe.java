package org.attune.loadtest.audio;

import java.io.IOException;

/**
 * One engine's answer to "can you hold this many voices faster than real time on one core?".
 *
 * <p>Thread-safe: implementations say.
 */
@FunctionalInterface
public interface VoiceProbe {

  /**
   * What one probe measured.
   *
   * @param voices the voices asked for
   * @param sounding the voices the engine held (where it can tell; else the voices counted from the
   *     font)
   * @param realtimeFactor seconds of audio over seconds of rendering them
   */
  record Result(int voices, int sounding, double realtimeFactor) {
    public boolean fasterThanRealtime() {
      return realtimeFactor > 1;
    }
  }

  Result probe(int voices) throws IOException;
}
