package org.attune.audio.backing;

/**
 * Where the backing band's notes go: usually the bus's instrument engine, which places each event
 * at its server time plus the render delay.
 *
 * <p>Called on the render thread; an implementation must be realtime-safe.
 */
public interface NoteSink {

  /** Starts {@code key} on {@code part} at {@code serverMicros}, velocity 1..127. */
  void noteOn(BackingPart part, long serverMicros, int key, int velocity);

  /** Releases {@code key} on {@code part} at {@code serverMicros}. */
  void noteOff(BackingPart part, long serverMicros, int key);
}
