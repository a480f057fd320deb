package org.attune.loadtest.member;

import org.attune.protocol.v1.Role;

/**
 * Who a simulated member is: its group, its place in it, and how it joins.
 *
 * <p>Immutable; thread-safe.
 *
 * @param group index of the group in the run (0-based)
 * @param index index of the member in its group (0-based)
 * @param joinCode the group's join code
 * @param role participant or facilitator
 * @param facilitatorKey the group's facilitator key (used only by a facilitator)
 */
public record MemberSpec(int group, int index, String joinCode, Role role, String facilitatorKey) {

  public String name() {
    return "load-" + group + "-" + index;
  }
}
