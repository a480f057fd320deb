package org.attune.server.transport.osc;

import com.illposed.osc.OSCMessage;
import java.util.concurrent.atomic.LongAdder;
import org.attune.clock.ServerClock;
import org.attune.protocol.v1.ErrorCode;
import org.attune.protocol.v1.Role;
import org.attune.server.group.Admission;
import org.attune.server.group.Group;
import org.attune.server.group.JoinRequest;
import org.attune.server.group.Refusal;
import org.attune.server.group.Secrets;
import org.attune.server.transport.RateLimitedLog;
import org.attune.server.transport.osc.OscEndpoint.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands what OSC endpoints ask to their groups, whatever the OSC transport: joins and leaves,
 * gestures, facilitator commands and changes to the mix, each on the group's loop. Anything that
 * cannot be carried out is answered with {@code /attune/error} and changes nothing.
 *
 * <p>Thread-safe: {@link #handle} runs on the endpoint's loop; group work is handed to the group's.
 */
final class OscGateway {

  private static final Logger log = LoggerFactory.getLogger(OscGateway.class);

  /** A request that fails may be sent again and again: its errors are rate-limited. */
  private static final RateLimitedLog failures = RateLimitedLog.of(log);

  /**
   * Why a facilitator's join over plain UDP is refused: its key would travel in clear text from an
   * address anyone can forge. Short, as the answer to a forgeable datagram must be.
   */
  static final String UDP_FACILITATOR_REFUSED = "Facilitators join over OSC on TCP here, not UDP.";

  private final Admission admission;
  private final ServerClock clock;
  private final OscStats stats;

  OscGateway(Admission admission, ServerClock clock, OscStats stats) {
    this.admission = admission;
    this.clock = clock;
    this.stats = stats;
  }

  OscStats stats() {
    return stats;
  }

  ServerClock clock() {
    return clock;
  }

  /** Carries out one message from {@code endpoint}, received at {@code receivedMicros}. */
  void handle(OscEndpoint endpoint, OSCMessage message, long receivedMicros) {
    String address = message.getAddress();
    OscRequest request;
    try {
      request = OscRequests.read(message, endpoint.defaultAt());
    } catch (OscRequestException e) {
      if (e.reason() == OscRequestException.Reason.UNKNOWN_ADDRESS) {
        stats.unknownAddress.increment();
      } else {
        stats.badArguments.increment();
      }
      if (OscRequests.isJoin(address) && endpoint.session() == null && !endpoint.joining()) {
        joinFailed(
            endpoint,
            ErrorCode.INVALID_ARGUMENT,
            e.getMessage(),
            address,
            OscRequests.namedReplyPort(message));
      } else {
        error(endpoint, ErrorCode.INVALID_ARGUMENT, e.getMessage(), address);
      }
      return;
    }
    if (request instanceof OscRequest.Join join) {
      join(endpoint, join, address);
      return;
    }
    if (request instanceof OscRequest.Ping) {
      // To a sender that never joined, pongs are budgeted like errors: no free reflector.
      if (!endpoint.replyError(OscReplies.pong(clock.nowMicros()))) {
        stats.repliesSuppressed.increment();
      }
      return;
    }
    if (request instanceof OscRequest.ButtonReleased) {
      return;
    }
    Session s = endpoint.session();
    if (s == null) {
      stats.notJoined.increment();
      error(
          endpoint,
          ErrorCode.NOT_JOINED,
          "Join a group first: /attune/join CODE NAME (see README.md).",
          address);
      return;
    }
    if (request instanceof OscRequest.SetQuantize q) {
      endpoint.defaultAt(q.at());
      endpoint.reply(OscReplies.quantize(q.at()));
    } else if (request instanceof OscRequest.Leave) {
      leave(endpoint, s);
    } else if (request instanceof OscRequest.Record record) {
      onGroup(
          endpoint,
          s,
          address,
          stats.refusedCommands,
          () -> s.group().record(s.memberId(), 0, record.command()));
    } else if (request instanceof OscRequest.End) {
      onGroup(endpoint, s, address, stats.refusedCommands, () -> s.group().end(s.memberId(), 0));
    } else if (request instanceof OscRequest.Play play) {
      onGroup(
          endpoint,
          s,
          address,
          stats.refusedGestures,
          () -> s.group().gesture(s.memberId(), play.gesture(), receivedMicros));
    } else if (request instanceof OscRequest.Command command) {
      onGroup(
          endpoint,
          s,
          address,
          stats.refusedCommands,
          () -> s.group().command(s.memberId(), 0, command.command(), receivedMicros));
    } else if (request instanceof OscRequest.Mix mix) {
      onGroup(
          endpoint,
          s,
          address,
          stats.refusedCommands,
          () -> s.group().mixer(s.memberId(), 0, mix.command()));
    }
  }

  private void join(OscEndpoint endpoint, OscRequest.Join join, String address) {
    Session s = endpoint.session();
    if (s != null) {
      if (s.groupCode().equals(join.groupCode())) {
        // A repeated join (a lost reply, a second press): say again who it is.
        endpoint.reply(OscReplies.joined(s.memberId(), s.role(), s.group().id(), s.token()));
      } else {
        stats.refusedJoins.increment();
        error(
            endpoint,
            ErrorCode.ALREADY_JOINED,
            "This sender has already joined a group; send /attune/leave first.",
            address);
      }
      return;
    }
    if (endpoint.joining()) {
      return;
    }
    if (join.role() == Role.FACILITATOR && !endpoint.facilitatorsAllowed()) {
      stats.udpFacilitatorJoins.increment();
      joinFailed(endpoint, ErrorCode.FORBIDDEN, UDP_FACILITATOR_REFUSED, address, join.replyPort());
      return;
    }
    JoinRequest request;
    Group group;
    try {
      request = JoinRequest.of(join.name(), join.instrument(), join.role(), join.facilitatorKey());
    } catch (Refusal r) {
      stats.badArguments.increment();
      joinFailed(endpoint, r.code(), r.getMessage(), address, join.replyPort());
      return;
    }
    try {
      group = admission.groupToJoin(endpoint.address(), join.groupCode(), request);
    } catch (Refusal r) {
      refusedJoin(endpoint, r, address, join.replyPort());
      return;
    }
    OscOutput output = endpoint.outputFor(join.replyPort());
    String token = Secrets.sessionToken();
    OscMemberLink link =
        new OscMemberLink(output, clock, token, join.times(), () -> !endpoint.gone());
    endpoint.joining(true);
    group
        .executor()
        .execute(
            () -> {
              try {
                admission.join(
                    group,
                    endpoint.address(),
                    request,
                    link,
                    m -> {
                      endpoint.session(
                          new Session(group, m.id(), m.role(), join.groupCode(), token, link));
                      output
                          .loop()
                          .execute(
                              () -> {
                                endpoint.joining(false);
                                endpoint.lifecycle().joined(endpoint);
                              });
                    });
              } catch (Refusal r) {
                output
                    .loop()
                    .execute(
                        () -> {
                          endpoint.joining(false);
                          refusedJoin(endpoint, r, address, join.replyPort());
                        });
              }
            });
  }

  private void refusedJoin(OscEndpoint endpoint, Refusal r, String address, int replyPort) {
    (r.code() == ErrorCode.RATE_LIMITED ? stats.rateLimitedJoins : stats.refusedJoins).increment();
    joinFailed(endpoint, r.code(), r.getMessage(), address, replyPort);
  }

  /**
   * Refuses a join where the sender hears it: at its own port and, if the join named one, at its
   * reply port, where a patch that listens only there would otherwise hear nothing after a typo.
   */
  void joinFailed(
      OscEndpoint endpoint, ErrorCode code, String sentence, String address, int replyPort) {
    int suppressed =
        endpoint.replyJoinRefusal(OscReplies.error(code, sentence, address), replyPort);
    stats.repliesSuppressed.add(suppressed);
    endpoint.lifecycle().joinFailed(endpoint);
  }

  private void leave(OscEndpoint endpoint, Session s) {
    s.group()
        .executor()
        .execute(
            () ->
                admission.leave(
                    s.group(),
                    s.memberId(),
                    s.link(),
                    () -> s.link().output().send(OscReplies.left())));
    endpoint.session(null);
    endpoint.lifecycle().ended(endpoint);
  }

  /**
   * Removes the endpoint's member from its group when its connection is gone or it expired (an OSC
   * link is not resumable: its member leaves); a join still under way is undone by the group, which
   * finds the link closed ({@link OscMemberLink#isOpen}).
   */
  void drop(OscEndpoint endpoint) {
    endpoint.gone(true);
    Session s = endpoint.session();
    if (s == null) {
      return;
    }
    endpoint.session(null);
    s.link().stop();
    s.group().executor().execute(() -> s.group().linkLost(s.memberId(), s.link()));
  }

  private interface GroupAction {
    void run() throws Refusal;
  }

  private void onGroup(
      OscEndpoint endpoint, Session s, String address, LongAdder refusals, GroupAction action) {
    s.group()
        .executor()
        .execute(
            () -> {
              try {
                action.run();
              } catch (Refusal r) {
                refusals.increment();
                error(endpoint, r.code(), r.getMessage(), address);
              } catch (RuntimeException e) {
                failures.error(
                    "osc-request", "OSC " + address + " from " + s.memberId() + " failed", e);
                error(
                    endpoint,
                    ErrorCode.INVALID_ARGUMENT,
                    "The server could not carry that out; nothing was changed.",
                    address);
              }
            });
  }

  private void error(OscEndpoint endpoint, ErrorCode code, String sentence, String address) {
    if (!endpoint.replyError(OscReplies.error(code, sentence, address))) {
      stats.repliesSuppressed.increment();
    }
  }
}
