package org.attune.server.transport.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.attune.server.group.Group;
import org.attune.server.group.GroupNames;
import org.attune.server.group.GroupRegistry;
import org.attune.server.group.OperatorKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/groups}: creates a group from a browser, for whoever holds the server's operator
 * key (its bearer secret; see {@link OperatorKey}). The body is {@code {"name": "..."}}; the answer
 * (201) is {@code {"id", "name", "joinCode", "facilitatorKey"}}, the only time the new group's key
 * is shown, as {@code attune serve} prints it for the groups it makes. A wrong key counts against
 * the address as a failed join does; a server without an operator key creates no groups this way.
 *
 * <p>Thread-safe: one instance per connection, on its loop; the group is made on the API's thread.
 */
final class GroupCreationHandler extends ChannelInboundHandlerAdapter {

  private static final Logger log = LoggerFactory.getLogger(GroupCreationHandler.class);

  static final String PATH = "/api/groups";

  private final Optional<OperatorKey> operatorKey;
  private final GroupRegistry groups;
  private final ApiCalls calls;

  GroupCreationHandler(Optional<OperatorKey> operatorKey, GroupRegistry groups, ApiCalls calls) {
    this.operatorKey = operatorKey;
    this.groups = groups;
    this.calls = calls;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof FullHttpRequest request)
        || request.decoderResult().isFailure()
        || !new QueryStringDecoder(request.uri()).path().equals(PATH)) {
      ctx.fireChannelRead(msg);
      return;
    }
    try {
      handle(ctx, request);
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  private void handle(ChannelHandlerContext ctx, FullHttpRequest request) {
    boolean keepAlive = HttpUtil.isKeepAlive(request);
    Optional<FullHttpResponse> refusal = refusal(ctx, request);
    if (refusal.isPresent()) {
      HttpResponses.respond(ctx, keepAlive, refusal.get());
      return;
    }
    Optional<String> name = name(request);
    if (name.isEmpty()) {
      HttpResponses.respond(
          ctx,
          keepAlive,
          ApiCalls.error(
              ctx,
              HttpResponseStatus.BAD_REQUEST,
              "Send {\"name\": \"...\"}: the group's name, 1 to "
                  + GroupNames.MAX_CHARS
                  + " printable characters."));
      return;
    }
    calls.offload(
        ctx,
        request,
        "Creating a group",
        answer -> {
          Group group;
          try {
            group = groups.create(name.get());
          } catch (IllegalStateException full) {
            answer.respond(
                ApiCalls.error(ctx, HttpResponseStatus.SERVICE_UNAVAILABLE, full.getMessage()));
            return;
          }
          log.info(
              "group {} \"{}\" created from the web by {}",
              group.id(),
              group.name(),
              ApiCalls.address(ctx).getHostAddress());
          answer.respond(
              ApiCalls.json(
                  ctx,
                  HttpResponseStatus.CREATED,
                  ApiCalls.JSON
                      .createObjectNode()
                      .put("id", group.id())
                      .put("name", group.name())
                      .put("joinCode", group.joinCode())
                      .put("facilitatorKey", group.facilitatorKey())));
        });
  }

  private Optional<FullHttpResponse> refusal(ChannelHandlerContext ctx, FullHttpRequest request) {
    if (!request.method().equals(HttpMethod.POST)) {
      FullHttpResponse refused =
          ApiCalls.error(ctx, HttpResponseStatus.METHOD_NOT_ALLOWED, "Only POST is allowed here.");
      refused.headers().set(HttpHeaderNames.ALLOW, "POST");
      return Optional.of(refused);
    }
    if (operatorKey.isEmpty()) {
      return Optional.of(
          ApiCalls.error(
              ctx,
              HttpResponseStatus.FORBIDDEN,
              "This server creates no groups from the web: it was started without an operator"
                  + " key."));
    }
    if (calls.isBlocked(ctx)) {
      return Optional.of(ApiCalls.tooManyTries(ctx));
    }
    Optional<String> key = ApiCalls.bearer(request);
    if (key.isEmpty() || !operatorKey.get().matches(key.get())) {
      if (key.isPresent()) {
        calls.recordFailure(ctx);
      }
      return Optional.of(
          ApiCalls.unauthorized(
              ctx,
              key.isEmpty()
                  ? "Give the server's operator key: Authorization: Bearer <key>."
                  : "That is not this server's operator key."));
    }
    return Optional.empty();
  }

  /** The name in the body, trimmed, if it is one a group may have. */
  private static Optional<String> name(FullHttpRequest request) {
    try {
      JsonNode body = ApiCalls.JSON.readTree(request.content().toString(StandardCharsets.UTF_8));
      JsonNode name = body == null ? null : body.get("name");
      if (name == null || !name.isTextual()) {
        return Optional.empty();
      }
      return GroupNames.valid(name.asText());
    } catch (java.io.IOException e) {
      return Optional.empty();
    }
  }
}
