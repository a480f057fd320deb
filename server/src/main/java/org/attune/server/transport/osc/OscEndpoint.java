package org.attune.server.transport.osc;

import com.illposed.osc.OSCMessage;
import java.net.InetAddress;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.IntFunction;
import org.attune.protocol.v1.Role;
import org.attune.server.group.Group;

/**
 * One OSC sender: a UDP address or a TCP connection, before and after it joins a group.
 *
 * <p>Thread-safe: used on the loop of its transport's channel; {@link #session} is written on the
 * group's loop when the group admits it, and is volatile.
 */
final class OscEndpoint {

  /** What the transport does when the endpoint joins, fails to join or ends. */
  interface Lifecycle {
    void joined(OscEndpoint endpoint);

    void joinFailed(OscEndpoint endpoint);

    void ended(OscEndpoint endpoint);
  }

  /**
   * The endpoint's membership; {@code token} lets a sender that changes its source port (a fresh
   * {@code oscsend} each time) address it as {@code /attune/session/TOKEN/...}.
   */
  record Session(
      Group group,
      String memberId,
      Role role,
      String groupCode,
      String token,
      OscMemberLink link) {}

  private final InetAddress address;
  private final OscOutput replies;
  private final IntFunction<OscOutput> replyPort;
  private final BooleanSupplier errorBudget;
  private final Lifecycle lifecycle;
  private final boolean facilitatorsAllowed;
  private final AddressValidation validation;
  private volatile Session session;
  private volatile boolean gone;
  private boolean joining;
  private String defaultAt;
  private long lastHeardMicros;

  /**
   * @param address the sender's address, for the limit on failed joins
   * @param replies where replies go until the endpoint names a reply port
   * @param replyPort the output for a reply port the endpoint names at join; {@code replies} itself
   *     for the port that is already replies' destination
   * @param errorBudget asked before an error reply or a pong to an endpoint that has not joined
   * @param facilitatorsAllowed whether this endpoint may join as the facilitator: not over plain
   *     UDP unless the server allows it
   * @param validation what a UDP endpoint may be sent (null over TCP, where the handshake proved
   *     the address)
   */
  OscEndpoint(
      InetAddress address,
      OscOutput replies,
      IntFunction<OscOutput> replyPort,
      BooleanSupplier errorBudget,
      Lifecycle lifecycle,
      boolean facilitatorsAllowed,
      AddressValidation validation) {
    this.address = address;
    this.replies = replies;
    this.replyPort = replyPort;
    this.errorBudget = errorBudget;
    this.lifecycle = lifecycle;
    this.facilitatorsAllowed = facilitatorsAllowed;
    this.validation = validation;
  }

  boolean facilitatorsAllowed() {
    return facilitatorsAllowed;
  }

  /** What this UDP endpoint may be sent; null over TCP. */
  AddressValidation validation() {
    return validation;
  }

  InetAddress address() {
    return address;
  }

  Session session() {
    return session;
  }

  void session(Session session) {
    this.session = session;
  }

  /** True once the endpoint's connection is gone: a join still under way must be undone. */
  boolean gone() {
    return gone;
  }

  void gone(boolean gone) {
    this.gone = gone;
  }

  boolean joining() {
    return joining;
  }

  void joining(boolean joining) {
    this.joining = joining;
  }

  String defaultAt() {
    return defaultAt;
  }

  void defaultAt(String at) {
    this.defaultAt = at;
  }

  long lastHeardMicros() {
    return lastHeardMicros;
  }

  void heard(long micros) {
    this.lastHeardMicros = micros;
  }

  Lifecycle lifecycle() {
    return lifecycle;
  }

  /** Where the member's replies go: the reply port it named, or where it sends from. */
  OscOutput outputFor(int port) {
    return port == 0 ? replies : replyPort.apply(port);
  }

  /** Replies to the endpoint: through its member link's output once joined. */
  void reply(OSCMessage message) {
    Session s = session;
    (s != null ? s.link().output() : replies).send(message);
  }

  /**
   * Sends an error refusing a join to the endpoint's own port and to {@code port}, the reply port
   * its join named (0: none), once if they are the same; each copy only while the budget lasts.
   *
   * @return how many copies the budget held back
   */
  int replyJoinRefusal(OSCMessage error, int port) {
    OscOutput named = outputFor(port);
    int suppressed = 0;
    for (OscOutput output : named == replies ? List.of(replies) : List.of(named, replies)) {
      if (errorBudget.getAsBoolean()) {
        output.send(error);
      } else {
        suppressed++;
      }
    }
    return suppressed;
  }

  /**
   * Sends an error or a pong; to an endpoint that has not joined, only while the budget lasts.
   *
   * @return false if the budget held it back
   */
  boolean replyError(OSCMessage error) {
    if (session == null && !errorBudget.getAsBoolean()) {
      return false;
    }
    reply(error);
    return true;
  }
}
