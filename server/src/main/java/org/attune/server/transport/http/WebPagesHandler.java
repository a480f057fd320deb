package org.attune.server.transport.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Serves the browser pages on the HTTP port: {@code /console} (the facilitator's), {@code /play}
 * (the participant's instrument, opened from a join link {@code /play?code=...}), their files under
 * {@code /web/}, and {@code /qr?code=...}, the QR code of a group's join link as SVG. Any other
 * request passes on to the next handler (the operations endpoints).
 *
 * <p>The pages hold no secret: the join code and facilitator key are typed in (or carried in the
 * link's fragment, which browsers do not send) and checked by the server when the page joins over
 * the WebSocket; what a page may do is decided by its member's role there. Every page response
 * forbids other sites' scripts and framing, and sends no referrer, so a join link in the address
 * bar does not leak to another site.
 *
 * <p>Thread-safe: one instance per connection, on its loop; the assets are immutable.
 */
final class WebPagesHandler extends ChannelInboundHandlerAdapter {

  /** A join code as a link carries it (Secrets' alphabet, case and dashes as people type). */
  private static final Pattern CODE = Pattern.compile("[A-Za-z0-9-]{1,40}");

  /** A {@code Host} header that may go into a link: a name or address and a port, no more. */
  private static final Pattern HOST =
      Pattern.compile(
          "[A-Za-z0-9.\\-]{1,253}(:[0-9]{1,5})?" + "|\\[[0-9A-Fa-f:.]{2,45}](:[0-9]{1,5})?");

  static final String CONTENT_SECURITY_POLICY =
      "default-src 'self'; connect-src 'self' ws: wss:;"
          + " img-src 'self'; style-src 'self'; script-src 'self'; worker-src 'self';"
          + " frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

  private final WebAssets assets;

  WebPagesHandler(WebAssets assets) {
    this.assets = assets;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof FullHttpRequest request) || request.decoderResult().isFailure()) {
      ctx.fireChannelRead(msg);
      return;
    }
    QueryStringDecoder uri = new QueryStringDecoder(request.uri());
    Optional<FullHttpResponse> response = route(ctx, request, uri);
    if (response.isEmpty()) {
      ctx.fireChannelRead(msg);
      return;
    }
    boolean keepAlive = HttpUtil.isKeepAlive(request);
    ReferenceCountUtil.release(msg);
    HttpResponses.respond(ctx, keepAlive, response.get());
  }

  /** The response to a request for a page, or empty if it is not one of the pages'. */
  private Optional<FullHttpResponse> route(
      ChannelHandlerContext ctx, FullHttpRequest request, QueryStringDecoder uri) {
    String path = uri.path();
    boolean ours =
        path.equals("/")
            || path.equals("/console")
            || path.equals("/play")
            || path.equals("/qr")
            || path.startsWith("/web/");
    if (!ours) {
      return Optional.empty();
    }
    if (!request.method().equals(HttpMethod.GET)) {
      FullHttpResponse refused =
          HttpResponses.text(
              ctx, HttpResponseStatus.METHOD_NOT_ALLOWED, "Only GET is allowed here.\n");
      refused.headers().set(HttpHeaderNames.ALLOW, "GET");
      return Optional.of(refused);
    }
    return Optional.of(
        switch (path) {
          case "/" -> redirect(ctx, "/console");
          case "/console" -> asset(ctx, "console.html");
          case "/play" -> asset(ctx, "play.html");
          case "/qr" -> qr(ctx, request.headers(), uri);
          default -> asset(ctx, path.substring("/web/".length()));
        });
  }

  private FullHttpResponse asset(ChannelHandlerContext ctx, String name) {
    Optional<WebAssets.Asset> asset = assets.get(name);
    if (asset.isEmpty()) {
      return HttpResponses.text(ctx, HttpResponseStatus.NOT_FOUND, "No such page file.\n");
    }
    FullHttpResponse response =
        HttpResponses.response(
            HttpResponseStatus.OK, asset.get().contentType(), asset.get().content());
    return secured(response);
  }

  private static FullHttpResponse qr(
      ChannelHandlerContext ctx, HttpHeaders headers, QueryStringDecoder uri) {
    List<String> codes = uri.parameters().get("code");
    String code = codes == null || codes.size() != 1 ? "" : codes.get(0);
    String host = headers.get(HttpHeaderNames.HOST, "");
    if (!CODE.matcher(code).matches()) {
      return HttpResponses.text(
          ctx,
          HttpResponseStatus.BAD_REQUEST,
          "Give one join code: /qr?code=K7QHM-3ZPX2 (letters, digits and dashes).\n");
    }
    if (!HOST.matcher(host).matches()) {
      return HttpResponses.text(
          ctx, HttpResponseStatus.BAD_REQUEST, "The request's Host cannot be put into a link.\n");
    }
    // Behind TLS (transport.tls) the link is https, as the page that shows it.
    String link =
        joinLink(ctx.pipeline().get(SslHandler.class) != null ? "https" : "http", host, code);
    FullHttpResponse response =
        HttpResponses.response(ctx, HttpResponseStatus.OK, "image/svg+xml", JoinLinkQr.svg(link));
    response.headers().set("X-Join-Link", link);
    return secured(response);
  }

  /** The link a participant opens: the play page of this server with the group's code. */
  static String joinLink(String host, String code) {
    return joinLink("http", host, code);
  }

  /** The join link with the scheme the page was served over. */
  static String joinLink(String scheme, String host, String code) {
    return scheme + "://" + host + "/play?code=" + code.toUpperCase(Locale.ROOT);
  }

  private static FullHttpResponse redirect(ChannelHandlerContext ctx, String location) {
    FullHttpResponse response =
        HttpResponses.text(ctx, HttpResponseStatus.FOUND, "See " + location + "\n");
    response.headers().set(HttpHeaderNames.LOCATION, location);
    return response;
  }

  private static FullHttpResponse secured(FullHttpResponse response) {
    HttpHeaders h = response.headers();
    h.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    h.set("X-Content-Type-Options", "nosniff");
    h.set("Referrer-Policy", "no-referrer");
    h.set("X-Frame-Options", "DENY");
    return response;
  }
}
