package org.attune.audio.sf2;

import java.util.List;

/**
 * The zones of one preset or instrument: its global zone, whose generators are defaults for the
 * others, and its local zones, each linked to an instrument or a sample.
 *
 * <p>Thread-safe: no (its zones are confined to one parse).
 *
 * @param name the preset's or instrument's name, for errors
 * @param global the global zone, or an empty zone if there is none
 * @param zones the local zones in file order
 */
record ZoneSet(String name, Zone global, List<Zone> zones) {

  ZoneSet {
    zones = List.copyOf(zones);
  }
}
