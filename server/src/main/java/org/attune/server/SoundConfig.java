package org.attune.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * How a server's groups are heard.
 *
 * @param enabled false: no mixer bus at all (gestures are only relayed)
 * @param soundFont a SoundFont 2 file to play; empty: the first installed one found, else the
 *     built-in synthesized voices
 * @param renderDelay from a gesture's played-at time to when it is heard; at least one block (1.33
 *     ms); sized for in-room play: 8 ms, plus the limiter's 1 ms, keeps gesture to output under 10
 *     ms and leaves the render threads a 6.7 ms window for each block
 * @param renderThreads render threads (0 = one per core)
 * @param maxVoices voices per group sounding at once before stealing begins
 */
public record SoundConfig(
    boolean enabled,
    Optional<Path> soundFont,
    Duration renderDelay,
    int renderThreads,
    int maxVoices) {

  /** Sound on: an installed SoundFont or the built-in voices, 8 ms render delay. */
  public static SoundConfig defaults() {
    return new SoundConfig(true, Optional.empty(), Duration.ofMillis(8), 0, 256);
  }

  /** No sound. */
  public static final SoundConfig OFF =
      new SoundConfig(false, Optional.empty(), Duration.ofMillis(8), 0, 256);

  /** Sound on with the built-in voices only, whatever is installed: for tests. */
  public static SoundConfig builtIn() {
    return new SoundConfig(true, Optional.of(Path.of(BUILT_IN)), Duration.ofMillis(8), 0, 256);
  }

  /** The name that selects the built-in voices as {@link #soundFont()}. */
  public static final String BUILT_IN = "builtin";

  public SoundConfig withSoundFont(Optional<Path> file) {
    return new SoundConfig(enabled, file, renderDelay, renderThreads, maxVoices);
  }

  public SoundConfig withRenderDelay(Duration delay) {
    return new SoundConfig(enabled, soundFont, delay, renderThreads, maxVoices);
  }

  public SoundConfig withRenderThreads(int threads) {
    return new SoundConfig(enabled, soundFont, renderDelay, threads, maxVoices);
  }

  public SoundConfig withEnabled(boolean on) {
    return new SoundConfig(on, soundFont, renderDelay, renderThreads, maxVoices);
  }
}
