package org.attune.server.group;

/**
 * The server's operator key: the secret that lets its holder create groups from a browser (the
 * console's "New group"), as whoever starts {@code attune serve} can. Kept only as a salted hash;
 * compared in constant time.
 *
 * <p>Immutable; thread-safe.
 */
public final class OperatorKey {

  /** The shortest key accepted: at 16 characters of Secrets' alphabet, about 79 bits. */
  public static final int MIN_CHARS = 16;

  private final byte[] salt = SecretHashes.newSalt();
  private final byte[] hash;

  private OperatorKey(String key) {
    hash = SecretHashes.facilitatorKeyHash(salt, key);
  }

  /**
   * The operator key {@code key}.
   *
   * @throws IllegalArgumentException if it is shorter than {@link #MIN_CHARS} or has spaces or
   *     control characters
   */
  public static OperatorKey of(String key) {
    if (key.length() < MIN_CHARS || key.chars().anyMatch(c -> c <= ' ' || c == 127)) {
      throw new IllegalArgumentException(
          "an operator key has at least "
              + MIN_CHARS
              + " characters and no spaces (leave it out and the server makes one)");
    }
    return new OperatorKey(key);
  }

  /** A fresh, unguessable key (24 characters, about 119 bits), as facilitator keys are made. */
  public static String generate() {
    return Secrets.facilitatorKey();
  }

  /** Whether {@code given} is this key. */
  public boolean matches(String given) {
    return SecretHashes.matches(hash, salt, given);
  }
}
