package org.attune.server.group;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The form in which a server keeps and journals the secrets of its groups, so that none is stored
 * in the clear: SHA-256 of a join code salted with the server's salt (one lookup finds a group by
 * the code a member types), of a facilitator key salted with its group's own salt, and of a session
 * token as it is (256 random bits need no salt).
 *
 * <p>Thread-safe: immutable.
 */
public final class SecretHashes {

  public static final int SALT_BYTES = 32;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final HexFormat HEX = HexFormat.of();

  private final byte[] serverSalt;

  /** Hashes with the salt of a data directory, kept across restarts. */
  public SecretHashes(byte[] serverSalt) {
    if (serverSalt.length < 16) {
      throw new IllegalArgumentException("a salt needs at least 16 bytes");
    }
    this.serverSalt = serverSalt.clone();
  }

  /** Hashes with a salt of this run only (a server without a data directory). */
  public static SecretHashes ofThisRun() {
    return new SecretHashes(newSalt());
  }

  public static byte[] newSalt() {
    byte[] salt = new byte[SALT_BYTES];
    RANDOM.nextBytes(salt);
    return salt;
  }

  /** The key a group is found by: the hash of its join code as people type it. */
  public String joinCodeKey(String joinCode) {
    return HEX.formatHex(sha256(serverSalt, Secrets.normalizeCode(joinCode)));
  }

  /** The key a member's session is found by: the hash of its token. */
  public static String sessionTokenKey(String token) {
    return HEX.formatHex(sha256(new byte[0], token));
  }

  /** The salted hash of a facilitator key. */
  public static byte[] facilitatorKeyHash(byte[] salt, String key) {
    return sha256(salt, key);
  }

  /** Whether {@code given} hashes to {@code hash} with {@code salt}, in constant time. */
  public static boolean matches(byte[] hash, byte[] salt, String given) {
    return MessageDigest.isEqual(hash, sha256(salt, given));
  }

  private static byte[] sha256(byte[] salt, String secret) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update(salt);
      return digest.digest(secret.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
