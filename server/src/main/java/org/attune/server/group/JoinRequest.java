package org.attune.server.group;

import org.attune.protocol.v1.ErrorCode;
import org.attune.protocol.v1.Join;
import org.attune.protocol.v1.Role;

/**
 * A validated request to join: a display name, an instrument, a role and, for a facilitator, the
 * key. Transports build one from their own wire form.
 */
public record JoinRequest(String name, String instrument, Role role, String facilitatorKey) {

  public static final int MAX_NAME_CHARS = 64;

  /**
   * Validates the fields of a join.
   *
   * @throws Refusal if the name is empty or too long, or the role unknown
   */
  public static JoinRequest of(String name, String instrument, Role role, String facilitatorKey)
      throws Refusal {
    String n = name == null ? "" : name.strip();
    String i = instrument == null ? "" : instrument.strip();
    if (n.isEmpty() || n.length() > MAX_NAME_CHARS || n.chars().anyMatch(Character::isISOControl)) {
      throw new Refusal(
          ErrorCode.INVALID_ARGUMENT,
          "Please give a name of 1 to " + MAX_NAME_CHARS + " printable characters.");
    }
    if (i.length() > MAX_NAME_CHARS || i.chars().anyMatch(Character::isISOControl)) {
      throw new Refusal(
          ErrorCode.INVALID_ARGUMENT,
          "The instrument name may have at most " + MAX_NAME_CHARS + " printable characters.");
    }
    Role r = role == Role.ROLE_UNSPECIFIED ? Role.PARTICIPANT : role;
    if (r == Role.UNRECOGNIZED) {
      throw new Refusal(ErrorCode.INVALID_ARGUMENT, "Unknown role.");
    }
    return new JoinRequest(n, i, r, facilitatorKey == null ? "" : facilitatorKey);
  }

  public static JoinRequest of(Join join) throws Refusal {
    return of(join.getName(), join.getInstrument(), join.getRole(), join.getFacilitatorKey());
  }
}
