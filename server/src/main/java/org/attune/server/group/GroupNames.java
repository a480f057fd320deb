package org.attune.server.group;

import java.util.Optional;
import org.attune.text.DisplayText;

/**
 * The names groups may have: 1 to {@link #MAX_CHARS} printable characters, trimmed, the same bound
 * as a member's name ({@link JoinRequest#MAX_NAME_CHARS}). Names are shown to people and written
 * into listings; they never name a file.
 *
 * <p>Thread-safe: yes (stateless).
 */
public final class GroupNames {

  public static final int MAX_CHARS = JoinRequest.MAX_NAME_CHARS;

  private GroupNames() {}

  /** {@code name} trimmed, if it is a name a group may have. */
  public static Optional<String> valid(String name) {
    String n = name.strip();
    return !n.isEmpty() && DisplayText.fits(n, MAX_CHARS) ? Optional.of(n) : Optional.empty();
  }
}
