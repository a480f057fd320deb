package org.attune.server.transport.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The web pages on {@link EmbeddedChannel}: every listed file is served with its type and the
 * pages' security headers, nothing outside the list is, the QR code decodes to the join link, and
 * bad requests are refused with a reason; requests for other paths pass on untouched.
 */
class WebPagesHandlerTest {

  private static final WebAssets ASSETS = WebAssets.fromClassPath();
  private final EmbeddedChannel channel = new EmbeddedChannel(new WebPagesHandler(ASSETS));

  @AfterEach
  void close() {
    channel.finishAndReleaseAll();
  }

  private FullHttpResponse get(String uri, String host) {
    return request(HttpMethod.GET, uri, host);
  }

  private FullHttpResponse request(HttpMethod method, String uri, String host) {
    FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, uri);
    if (host != null) {
      request.headers().set(HttpHeaderNames.HOST, host);
    }
    channel.writeInbound(request);
    return channel.readOutbound();
  }

  private static String body(FullHttpResponse response) {
    try {
      return response.content().toString(StandardCharsets.UTF_8);
    } finally {
      response.release();
    }
  }

  @Test
  void thePagesAndEveryListedFileAreServedWithTheirTypeAndSecurityHeaders() {
    assertThat(ASSETS.names())
        .contains(
            "play.html",
            "console.html",
            "play.js",
            "console.js",
            "connection.js",
            "timeline.js",
            "tick-worker.js",
            "attune.css");
    FullHttpResponse play = get("/play?code=K7QHM-3ZPX2", "attune.example:7480");
    assertThat(play.status().code()).isEqualTo(200);
    assertThat(play.headers().get(HttpHeaderNames.CONTENT_TYPE)).startsWith("text/html");
    assertThat(play.headers().get("Content-Security-Policy")).contains("script-src 'self'");
    assertThat(play.headers().get("Referrer-Policy")).isEqualTo("no-referrer");
    assertThat(body(play)).contains("<script type=\"module\" src=\"/web/play.js\">");
    for (String name : ASSETS.names()) {
      FullHttpResponse file = get("/web/" + name, "h");
      assertThat(file.status().code()).as(name).isEqualTo(200);
      assertThat(file.content().readableBytes()).as(name).isPositive();
      file.release();
    }
    FullHttpResponse script = get("/web/play.js", "h");
    assertThat(script.headers().get(HttpHeaderNames.CONTENT_TYPE)).startsWith("text/javascript");
    script.release();
  }

  @Test
  void nothingOutsideTheListIsServed() {
    for (String uri :
        new String[] {
          "/web/files.txt",
          "/web/../AttuneServer.class",
          "/web/%2e%2e/logback.xml",
          "/web/",
          "/web/Play.js"
        }) {
      FullHttpResponse response = get(uri, "h");
      assertThat(response.status().code()).as(uri).isEqualTo(404);
      response.release();
    }
  }

  @Test
  void otherPathsPassOnToTheNextHandler() {
    FullHttpRequest request =
        new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/metrics");
    channel.writeInbound(request);
    Object answered = channel.readOutbound();
    assertThat(answered).isNull();
    FullHttpRequest passed = channel.readInbound();
    assertThat(passed.uri()).isEqualTo("/metrics");
    passed.release();
  }

  @Test
  void theRootLeadsToTheConsoleAndOnlyGetIsAllowed() {
    FullHttpResponse root = get("/", "h");
    assertThat(root.status().code()).isEqualTo(302);
    assertThat(root.headers().get(HttpHeaderNames.LOCATION)).isEqualTo("/console");
    root.release();
    FullHttpResponse post = request(HttpMethod.POST, "/console", "h");
    assertThat(post.status().code()).isEqualTo(405);
    assertThat(post.headers().get(HttpHeaderNames.ALLOW)).isEqualTo("GET");
    post.release();
  }

  @Test
  void theQrCodeDecodesToTheJoinLinkOfThisHost() throws Exception {
    FullHttpResponse response = get("/qr?code=k7qhm-3zpx2", "192.168.1.20:7480");
    assertThat(response.status().code()).isEqualTo(200);
    assertThat(response.headers().get(HttpHeaderNames.CONTENT_TYPE)).isEqualTo("image/svg+xml");
    String link = "http://192.168.1.20:7480/play?code=K7QHM-3ZPX2";
    assertThat(response.headers().get("X-Join-Link")).isEqualTo(link);
    assertThat(decode(body(response))).isEqualTo(link);
  }

  @Test
  void aBadCodeOrHostIsRefusedWithAReason() {
    FullHttpResponse noCode = get("/qr", "h");
    assertThat(noCode.status().code()).isEqualTo(400);
    assertThat(body(noCode)).contains("Give one join code");
    FullHttpResponse badCode = get("/qr?code=%3Cscript%3E", "h");
    assertThat(badCode.status().code()).isEqualTo(400);
    badCode.release();
    FullHttpResponse badHost = get("/qr?code=ABC", "evil.example/\"><script>");
    assertThat(badHost.status().code()).isEqualTo(400);
    assertThat(body(badHost)).contains("Host");
  }

  /** Draws the SVG's modules (one unit square each) into pixels, 4 a module, and reads them. */
  private static String decode(String svg) throws Exception {
    Matcher size = Pattern.compile("viewBox=\"0 0 (\\d+) (\\d+)\"").matcher(svg);
    assertThat(size.find()).isTrue();
    int modules = Integer.parseInt(size.group(1));
    int scale = 4;
    int width = modules * scale;
    int[] pixels = new int[width * width];
    Arrays.fill(pixels, 0xffffffff);
    Matcher square = Pattern.compile("M(\\d+) (\\d+)h1v1h-1z").matcher(svg);
    while (square.find()) {
      int x = Integer.parseInt(square.group(1));
      int y = Integer.parseInt(square.group(2));
      for (int dy = 0; dy < scale; dy++) {
        for (int dx = 0; dx < scale; dx++) {
          pixels[(y * scale + dy) * width + x * scale + dx] = 0xff000000;
        }
      }
    }
    return new QRCodeReader()
        .decode(new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(width, width, pixels))))
        .getText();
  }
}
