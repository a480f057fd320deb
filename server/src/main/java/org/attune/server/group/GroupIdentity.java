package org.attune.server.group;

import java.util.Optional;

/**
 * Who a group is and what lets people in: its id and name, and its secrets as {@link SecretHashes}
 * keeps them. The secrets in the clear are known only to the run of the server that made them (to
 * print them for the facilitator); a group brought back from its journal has only the hashes, which
 * is all it needs to let its members in again.
 *
 * @param id the group's id, also its session's directory name
 * @param name the name the facilitator gave it
 * @param joinCodeKey the hash of its join code ({@link SecretHashes#joinCodeKey})
 * @param facilitatorSalt the salt of its facilitator key's hash
 * @param facilitatorKeyHash the salted hash of its facilitator key
 * @param joinCode the join code, if this run made it
 * @param facilitatorKey the facilitator key, if this run made it
 * @param createdEpochMillis when it was created, on the wall clock
 */
public record GroupIdentity(
    String id,
    String name,
    String joinCodeKey,
    byte[] facilitatorSalt,
    byte[] facilitatorKeyHash,
    Optional<String> joinCode,
    Optional<String> facilitatorKey,
    long createdEpochMillis) {

  /** A new group's identity, with its secrets hashed by {@code hashes}. */
  static GroupIdentity of(
      String id,
      String name,
      String joinCode,
      String facilitatorKey,
      SecretHashes hashes,
      long createdEpochMillis) {
    byte[] salt = SecretHashes.newSalt();
    return new GroupIdentity(
        id,
        name,
        hashes.joinCodeKey(joinCode),
        salt,
        SecretHashes.facilitatorKeyHash(salt, facilitatorKey),
        Optional.of(joinCode),
        Optional.of(facilitatorKey),
        createdEpochMillis);
  }

  /** Whether {@code given} is this group's facilitator key. */
  boolean isFacilitatorKey(String given) {
    return SecretHashes.matches(facilitatorKeyHash, facilitatorSalt, given);
  }
}
