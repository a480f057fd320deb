package org.attune.audio.bus;

import java.util.HashMap;
import java.util.Map;
import org.attune.audio.builtin.InstrumentChoice;

/**
 * A member's channel strip as its owner thread knows it: its index on the bus, what it plays and
 * its settings, and which pitch each held pad sounds.
 *
 * <p>Thread-safe: no; owned by the thread of the {@link MemberStrips} that made it (the group's
 * loop on the server, the client's timeline thread). Read it there only.
 */
public final class MemberStrip {

  private final String memberId;
  private final int index;
  InstrumentChoice instrument;
  float gainDb;
  float pan;
  boolean muted;
  boolean soloed;

  /**
   * Pitch each held pad sounds, by layer and degree: a release after a key or chord change ends the
   * note its press started, not the pitch the pad would map to now.
   */
  private final Map<Integer, Integer> heldPads = new HashMap<>();

  MemberStrip(String memberId, int index, InstrumentChoice instrument) {
    this.memberId = memberId;
    this.index = index;
    this.instrument = instrument;
  }

  public String memberId() {
    return memberId;
  }

  /** The strip's index on the bus. */
  public int index() {
    return index;
  }

  public InstrumentChoice instrument() {
    return instrument;
  }

  public float gainDb() {
    return gainDb;
  }

  public float pan() {
    return pan;
  }

  public boolean muted() {
    return muted;
  }

  public boolean soloed() {
    return soloed;
  }

  void padPressed(int layer, int degree, int pitch) {
    heldPads.put(padKey(layer, degree), pitch);
  }

  /** The pitch the pad's press sounds, or {@code fallback} if it is not held. */
  int padReleased(int layer, int degree, int fallback) {
    Integer pitch = heldPads.remove(padKey(layer, degree));
    return pitch != null ? pitch : fallback;
  }

  private static int padKey(int layer, int degree) {
    return layer * 1_000 + degree;
  }
}
