package org.attune.server.journal;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where a server keeps what outlives it: {@code sessions/<group id>/} holds everything of one
 * session (its {@code journal}, recordings and exports), so that deleting a session is deleting
 * that directory; {@code salt} holds the random salt the join codes are hashed with.
 *
 * <p>The root is {@code $ATTUNE_DATA_DIR}, else {@code $XDG_DATA_HOME/attune}, else {@code
 * ~/.local/share/attune}.
 *
 * @param root the data directory
 */
public record DataDirectory(Path root) {

  public static final String ENV = "ATTUNE_DATA_DIR";

  /** The data directory the environment names, or the default under the user's home. */
  public static DataDirectory fromEnvironment() {
    return fromEnvironment(System.getenv(), Path.of(System.getProperty("user.home")));
  }

  static DataDirectory fromEnvironment(Map<String, String> env, Path home) {
    Optional<String> explicit = Optional.ofNullable(env.get(ENV)).filter(s -> !s.isBlank());
    if (explicit.isPresent()) {
      return new DataDirectory(Path.of(explicit.get()));
    }
    Path base =
        Optional.ofNullable(env.get("XDG_DATA_HOME"))
            .filter(s -> !s.isBlank())
            .map(Path::of)
            .orElse(home.resolve(".local").resolve("share"));
    return new DataDirectory(base.resolve("attune"));
  }

  /** The directory of every session's directory. */
  public Path sessions() {
    return root.resolve("sessions");
  }

  /** The directory of one session: its journal, recordings and exports. */
  public Path session(String groupId) {
    return sessions().resolve(groupId);
  }

  /** The journal of one session. */
  public Path journal(String groupId) {
    return session(groupId).resolve(JournalFile.FILE_NAME);
  }

  /** The recordings of one session (the master mix, and stems where asked for). */
  public Path recordings(String groupId) {
    return session(groupId).resolve("recordings");
  }

  /** The salt join codes are hashed with. */
  public Path saltFile() {
    return root.resolve("salt");
  }
}
