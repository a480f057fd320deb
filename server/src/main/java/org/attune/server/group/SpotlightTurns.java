package org.attune.server.group;

/**
 * Whose turn it is in the spotlight, bar by bar: from {@code startBar}, each player in turn for
 * {@code soloBars} bars, each turn followed by {@code groupBars} bars of the whole group (call and
 * response; none when 0), round and round.
 *
 * @param startBar the bar (as {@code FormStates.barAt} counts) the first turn begins
 * @param duckDb how far the others are ducked, as {@code SetSpotlight.duck_db} (0: the default)
 */
record SpotlightTurns(long startBar, int soloBars, int groupBars, float duckDb) {

  SpotlightTurns {
    if (soloBars < 1 || groupBars < 0) {
      throw new IllegalArgumentException("a turn lasts a bar at least");
    }
  }

  /**
   * The index among {@code players} of the one whose turn it is at {@code bar}, or -1 in the
   * group's bars, before the start, or with nobody to give a turn to.
   */
  int turnAt(long bar, int players) {
    if (players <= 0 || bar < startBar) {
      return -1;
    }
    long sinceStart = bar - startBar;
    int period = soloBars + groupBars;
    if (sinceStart % period >= soloBars) {
      return -1;
    }
    return (int) ((sinceStart / period) % players);
  }
}
