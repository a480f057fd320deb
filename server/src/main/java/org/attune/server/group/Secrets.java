package org.attune.server.group;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;

/**
 * Join codes, facilitator keys and session tokens: unguessable, from {@link SecureRandom}.
 *
 * <p>Join codes use an alphabet without look-alike characters (no 0/O, 1/I/L) so they can be read
 * aloud in a session; ten of them carry about 49 bits. Facilitator keys carry about 119 bits,
 * session tokens 256.
 *
 * <p>Thread-safe.
 */
public final class Secrets {

  /** The characters of join codes and generated keys: no look-alikes. */
  public static final String ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

  private static final SecureRandom RANDOM = new SecureRandom();

  private Secrets() {}

  /** A join code such as {@code K7QHM-3ZPX2}, as strong as {@link SecretStrength} asks. */
  public static String joinCode() {
    String code;
    do {
      code = randomChars(10);
    } while (SecretStrength.joinCodeProblem(code).isPresent());
    return code.substring(0, 5) + "-" + code.substring(5);
  }

  /** A facilitator key of 24 characters, as strong as {@link SecretStrength} asks. */
  public static String facilitatorKey() {
    String key;
    do {
      key = randomChars(24);
    } while (SecretStrength.facilitatorKeyProblem(key).isPresent());
    return key;
  }

  public static String sessionToken() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** A code as people type it, made comparable: upper case, without spaces and dashes. */
  public static String normalizeCode(String code) {
    return code.replace("-", "").replace(" ", "").toUpperCase(Locale.ROOT);
  }

  private static String randomChars(int n) {
    StringBuilder s = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      s.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    }
    return s.toString();
  }
}
