package org.attune.audio.sf2;

/**
 * One {@code phdr} record with its zones read.
 *
 * <p>Thread-safe: no (confined to one parse).
 */
record PresetHeader(int bank, int program, ZoneSet zones) {

  String name() {
    return zones.name();
  }
}
