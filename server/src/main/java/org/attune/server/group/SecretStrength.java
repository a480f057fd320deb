package org.attune.server.group;

import java.util.Optional;

/**
 * The least an operator-chosen join code or facilitator key must be, so that it cannot be guessed
 * online within the failed-join limiter's budgets (a fixed four-digit key was once found in 7,320
 * tries). Generated secrets ({@link Secrets}) are far above both minimums.
 *
 * <ul>
 *   <li>A join code: at least {@value #MIN_CODE_CHARS} characters of {@link Secrets}' alphabet
 *       (letters and digits without the look-alikes 0, O, 1, I and L; case, dashes and spaces do
 *       not count), at least {@value #MIN_CODE_DISTINCT} of them different: about 40 bits, so that
 *       even spread over 10,000 groups, guessing one at the limiter's 100 failures a second in all
 *       takes days.
 *   <li>A facilitator key: at least {@value #MIN_KEY_CHARS} characters, no spaces or control
 *       characters, at least {@value #MIN_KEY_DISTINCT} different, and at least {@value
 *       #MIN_KEY_BITS} bits by the size of the character classes it uses (12 letters and digits
 *       mixed carry about 71, 12 lower-case letters 56: those need 13).
 * </ul>
 *
 * <p>Pure; thread-safe.
 */
public final class SecretStrength {

  public static final int MIN_CODE_CHARS = 8;
  public static final int MAX_CODE_CHARS = 32;
  public static final int MIN_CODE_DISTINCT = 5;
  public static final int MIN_KEY_CHARS = 12;
  public static final int MAX_KEY_CHARS = 128;
  public static final int MIN_KEY_DISTINCT = 8;
  public static final int MIN_KEY_BITS = 60;

  private SecretStrength() {}

  /** Why {@code code} is too weak to be a join code, or empty if it is strong enough. */
  public static Optional<String> joinCodeProblem(String code) {
    String normal = Secrets.normalizeCode(code);
    if (normal.length() < MIN_CODE_CHARS || normal.length() > MAX_CODE_CHARS) {
      return Optional.of(
          "a join code needs "
              + MIN_CODE_CHARS
              + " to "
              + MAX_CODE_CHARS
              + " characters (dashes and spaces do not count), not "
              + normal.length());
    }
    for (int i = 0; i < normal.length(); i++) {
      if (Secrets.ALPHABET.indexOf(normal.charAt(i)) < 0) {
        return Optional.of(
            "a join code uses only the letters and digits "
                + Secrets.ALPHABET
                + " (no 0, O, 1, I or L, which are misread aloud), not '"
                + normal.charAt(i)
                + "'");
      }
    }
    if (normal.chars().distinct().count() < MIN_CODE_DISTINCT) {
      return Optional.of(
          "a join code needs at least " + MIN_CODE_DISTINCT + " different characters");
    }
    return Optional.empty();
  }

  /** Why {@code key} is too weak to be a facilitator key, or empty if it is strong enough. */
  public static Optional<String> facilitatorKeyProblem(String key) {
    if (key.length() < MIN_KEY_CHARS || key.length() > MAX_KEY_CHARS) {
      return Optional.of(
          "a facilitator key needs "
              + MIN_KEY_CHARS
              + " to "
              + MAX_KEY_CHARS
              + " characters, not "
              + key.length());
    }
    if (key.chars().anyMatch(c -> c <= ' ' || c == 127)) {
      return Optional.of("a facilitator key has no spaces or control characters");
    }
    if (key.chars().distinct().count() < MIN_KEY_DISTINCT) {
      return Optional.of(
          "a facilitator key needs at least " + MIN_KEY_DISTINCT + " different characters");
    }
    if (estimatedBits(key) < MIN_KEY_BITS) {
      return Optional.of(
          "a facilitator key needs about "
              + MIN_KEY_BITS
              + " bits: make it longer, or mix upper- and lower-case letters, digits and signs");
    }
    return Optional.empty();
  }

  /**
   * The bits of {@code key} if its every character were drawn at random from the classes it uses
   * (lower case 26, upper case 26, digits 10, anything else 33): an upper bound, good enough to
   * refuse short and one-class keys.
   */
  static double estimatedBits(String key) {
    boolean lower = false;
    boolean upper = false;
    boolean digit = false;
    boolean other = false;
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c >= 'a' && c <= 'z') {
        lower = true;
      } else if (c >= 'A' && c <= 'Z') {
        upper = true;
      } else if (c >= '0' && c <= '9') {
        digit = true;
      } else {
        other = true;
      }
    }
    int pool = (lower ? 26 : 0) + (upper ? 26 : 0) + (digit ? 10 : 0) + (other ? 33 : 0);
    return key.length() * Math.log(pool) / Math.log(2);
  }
}
