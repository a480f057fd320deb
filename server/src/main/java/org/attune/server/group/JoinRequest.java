package org.attune.server.group;

import org.attune.mixer.MixerLimits;
import org.attune.protocol.v1.ErrorCode;
import org.attune.protocol.v1.Join;
import org.attune.protocol.v1.Role;
import org.attune.text.DisplayText;

/**
 * A validated request to join: a display name, an instrument, a role and, for a facilitator, the
 * key. Transports build one from their own wire form.
 */
public record JoinRequest(String name, String instrument, Role role, String facilitatorKey) {

  /**
   * The longest member name, in characters ({@link DisplayText#length}): room for a first name and
   * a surname, or a pseudonym; group names share it ({@link GroupNames#MAX_CHARS}).
   */
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
    if (n.isEmpty() || !DisplayText.fits(n, MAX_NAME_CHARS)) {
      throw new Refusal(
          ErrorCode.INVALID_ARGUMENT,
          "Please give a name of 1 to " + MAX_NAME_CHARS + " printable characters.");
    }
    if (!MixerLimits.isInstrumentText(i)) {
      throw new Refusal(
          ErrorCode.INVALID_ARGUMENT,
          "The instrument name may have at most "
              + MixerLimits.MAX_INSTRUMENT_CHARS
              + " printable characters.");
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
