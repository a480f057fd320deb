package org.attune.audio.sf2;

/**
 * One zone (bag) of a preset or instrument as the file gives it: the generators it sets, what it
 * links to (an instrument for a preset zone, a sample for an instrument zone), and the amount of
 * its velocity-to-attenuation modulator if it has one.
 *
 * <p>Amounts are kept raw (signed 16-bit, or a range as lo | hi << 8); {@link RegionResolver} gives
 * them meaning. Built by {@link PresetData}, then not changed. Thread-safe: no (confined to one
 * parse).
 */
final class Zone {

  /** The default modulator's source: note-on velocity, concave, unipolar, negative. */
  static final int VELOCITY_CONCAVE_NEGATIVE = 0x0502;

  private final int[] amounts = new int[Generator.COUNT];
  private long set;
  private int link = -1;
  private boolean hasVelocityModulator;
  private int velocityModulatorCb;

  void set(int op, int amount) {
    amounts[op] = amount;
    set |= 1L << op;
  }

  boolean has(int op) {
    return (set & (1L << op)) != 0;
  }

  /** The amount this zone sets, or {@code fallback} if it sets none. */
  int get(int op, int fallback) {
    return has(op) ? amounts[op] : fallback;
  }

  void link(int index) {
    link = index;
  }

  /** The instrument or sample index, or -1 for a zone without one (a global zone). */
  int link() {
    return link;
  }

  void velocityModulator(int amountCb) {
    hasVelocityModulator = true;
    velocityModulatorCb = amountCb;
  }

  boolean hasVelocityModulator() {
    return hasVelocityModulator;
  }

  int velocityModulatorCb() {
    return velocityModulatorCb;
  }
}
