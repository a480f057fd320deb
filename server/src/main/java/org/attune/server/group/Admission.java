package org.attune.server.group;

import java.net.InetAddress;
import java.util.Optional;
import java.util.function.Consumer;
import org.attune.protocol.v1.ErrorCode;
import org.attune.protocol.v1.Role;

/**
 * The one way into a group and out of it, whatever the transport (TCP, WebSocket, OSC over UDP or
 * TCP): each transport turns its own requests into these calls, and none keeps a rule of its own.
 *
 * <ol>
 *   <li>Where the request arrived: {@link #groupToJoin} or {@link #groupToResume} finds the group,
 *       after the {@link FailedJoinLimiter} has had its say; a code or token that opens nothing
 *       counts against the sender's address, a valid token is never refused.
 *   <li>On the group's loop: {@link #join} (a wrong facilitator key counts against the group's key
 *       and the sender) or {@link Group#resume}. The group itself treats a link that ended while it
 *       was admitted as lost at once, so that no member stays "connected" to a closed link.
 *   <li>On the group's loop: {@link #leave} at the member's word, or {@link Group#linkLost} when
 *       its link ends, which keeps the place of a member that can resume ({@link
 *       MemberLink#resumable()}) for the grace period and lets the others leave.
 * </ol>
 *
 * <p>Every refusal is a {@link Refusal} whose code and sentence go to the client as they are; the
 * transport counts it ({@link ErrorCode#RATE_LIMITED} as rate-limited, the rest as refused).
 *
 * <p>Thread-safe: the first step runs on the thread that read the request, the others on the
 * group's loop; the registry and the limiter are thread-safe.
 */
public final class Admission {

  /** What a client is told about a join code that opens no group. */
  public static final String UNKNOWN_GROUP =
      "No group has that code; please check it with your facilitator.";

  /** What a client is told about a session token that opens no membership. */
  public static final String UNKNOWN_SESSION = "That session has ended; please join again.";

  private final GroupRegistry groups;
  private final FailedJoinLimiter limiter;

  public Admission(GroupRegistry groups, FailedJoinLimiter limiter) {
    this.groups = groups;
    this.limiter = limiter;
  }

  /**
   * The group a join from {@code from} is for.
   *
   * @throws Refusal RATE_LIMITED while the address (or, for a facilitator, the group's key) has
   *     failed too often; UNKNOWN_GROUP if no group has the code
   */
  public Group groupToJoin(InetAddress from, String groupCode, JoinRequest request) throws Refusal {
    refuseIfLimited(from);
    Optional<Group> group = groups.findByCode(groupCode);
    if (group.isEmpty()) {
      limiter.recordFailure(from);
      throw new Refusal(ErrorCode.UNKNOWN_GROUP, UNKNOWN_GROUP);
    }
    if (request.role() == Role.FACILITATOR && limiter.isFacilitatorBlocked(group.get().id())) {
      throw new Refusal(ErrorCode.RATE_LIMITED, FailedJoinLimiter.FACILITATOR_BLOCKED);
    }
    return group.get();
  }

  /**
   * The group whose member {@code token} names. A valid token is never refused: tokens carry 256
   * bits, so only one that opens nothing counts against the address, and only then may the limiter
   * refuse (with RATE_LIMITED, never saying the session ended, which would make a client throw its
   * token away).
   *
   * @throws Refusal RATE_LIMITED or UNKNOWN_SESSION if the token opens nothing
   */
  public Group groupToResume(InetAddress from, String token) throws Refusal {
    Optional<Group> group = groups.findBySessionToken(token);
    if (group.isPresent()) {
      return group.get();
    }
    refuseIfLimited(from);
    limiter.recordFailure(from);
    throw new Refusal(ErrorCode.UNKNOWN_SESSION, UNKNOWN_SESSION);
  }

  private void refuseIfLimited(InetAddress from) throws Refusal {
    Optional<String> wait = limiter.refusal(from);
    if (wait.isPresent()) {
      throw new Refusal(ErrorCode.RATE_LIMITED, wait.get());
    }
  }

  /**
   * Admits a new member on the group's loop; see {@link Group#join}.
   *
   * @throws Refusal as {@link Group#join}; a wrong facilitator key is counted first
   */
  public Member join(
      Group group,
      InetAddress from,
      JoinRequest request,
      MemberLink link,
      Consumer<Member> admitted)
      throws Refusal {
    try {
      return group.join(request, link, admitted);
    } catch (Refusal r) {
      if (r.code() == ErrorCode.BAD_FACILITATOR_KEY) {
        limiter.recordFacilitatorFailure(group.id(), from);
      }
      throw r;
    }
  }

  /**
   * Ends a membership at the member's word, on the group's loop: the member leaves, hears {@code
   * answer} (sent on its link) and its link closes.
   */
  public void leave(Group group, String memberId, MemberLink link, Runnable answer) {
    group.leave(memberId);
    answer.run();
    link.close();
  }
}
