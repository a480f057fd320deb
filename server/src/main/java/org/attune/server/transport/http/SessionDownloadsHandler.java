package org.attune.server.transport.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.stream.ChunkedNioFile;
import io.netty.util.ReferenceCountUtil;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.attune.server.journal.SessionFiles;
import org.attune.server.journal.export.SessionExportException;

/**
 * Downloads of a session's files for its facilitator, with the facilitator key as the bearer
 * secret:
 *
 * <ul>
 *   <li>{@code GET /api/groups/<id>/files}: {@code {"recordings": [{"name", "bytes", "modified"}],
 *       "midiExport": "/api/groups/<id>/export.mid"}};
 *   <li>{@code GET /api/groups/<id>/recordings/<name>}: the recording, streamed from the disk;
 *   <li>{@code GET /api/groups/<id>/export.mid}: the session's Standard MIDI File, made from its
 *       journal now (so it holds everything played so far).
 * </ul>
 *
 * The key is checked against the session's journal, so the files of a session that has ended, or
 * that an earlier run of the server played, open with the key it had. A wrong key counts against
 * the address as a failed join does. Without a data directory nothing is kept: 404 says so.
 *
 * <p>Thread-safe: one instance per connection, on its loop; disk work runs on the API's thread.
 */
final class SessionDownloadsHandler extends ChannelInboundHandlerAdapter {

  private static final Pattern PATH =
      Pattern.compile("/api/groups/([^/]{1,64})/(files|export\\.mid|recordings/([^/]{1,128}))");

  private final Optional<SessionFiles> files;
  private final ApiCalls calls;

  SessionDownloadsHandler(Optional<SessionFiles> files, ApiCalls calls) {
    this.files = files;
    this.calls = calls;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof FullHttpRequest request) || request.decoderResult().isFailure()) {
      ctx.fireChannelRead(msg);
      return;
    }
    Matcher path = PATH.matcher(new QueryStringDecoder(request.uri()).path());
    if (!path.matches()) {
      ctx.fireChannelRead(msg);
      return;
    }
    try {
      handle(ctx, request, path.group(1), path.group(2), path.group(3));
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  private void handle(
      ChannelHandlerContext ctx,
      FullHttpRequest request,
      String id,
      String what,
      String recording) {
    boolean keepAlive = HttpUtil.isKeepAlive(request);
    if (!request.method().equals(HttpMethod.GET)) {
      FullHttpResponse refused =
          ApiCalls.error(ctx, HttpResponseStatus.METHOD_NOT_ALLOWED, "Only GET is allowed here.");
      refused.headers().set(HttpHeaderNames.ALLOW, "GET");
      HttpResponses.respond(ctx, keepAlive, refused);
      return;
    }
    if (files.isEmpty()) {
      HttpResponses.respond(
          ctx,
          keepAlive,
          ApiCalls.error(
              ctx,
              HttpResponseStatus.NOT_FOUND,
              "This server keeps no data directory (--no-journal), so it has no files to give."));
      return;
    }
    if (calls.isBlocked(ctx)) {
      HttpResponses.respond(ctx, keepAlive, ApiCalls.tooManyTries(ctx));
      return;
    }
    Optional<String> key = ApiCalls.bearer(request);
    if (key.isEmpty()) {
      HttpResponses.respond(
          ctx,
          keepAlive,
          ApiCalls.unauthorized(
              ctx, "Give the group's facilitator key: Authorization: Bearer <key>."));
      return;
    }
    SessionFiles session = files.get();
    calls.offload(
        ctx,
        request,
        "Downloading " + what,
        answer -> {
          if (!session.opens(id, key.get())) {
            calls.recordFailure(ctx);
            answer.respond(
                ApiCalls.unauthorized(ctx, "No session " + id + " opens with that key."));
          } else if (what.equals("files")) {
            answer.respond(ApiCalls.json(ctx, HttpResponseStatus.OK, listing(session, id)));
          } else if (what.equals("export.mid")) {
            export(ctx, keepAlive, session, id, answer);
          } else {
            Optional<Path> file = session.recording(id, recording);
            if (file.isEmpty()) {
              answer.respond(
                  ApiCalls.error(
                      ctx,
                      HttpResponseStatus.NOT_FOUND,
                      "Session " + id + " has no recording named " + recording + "."));
            } else {
              FileChannel channel = FileChannel.open(file.get(), StandardOpenOption.READ);
              long length = channel.size();
              answer.stream(c -> send(c, keepAlive, recording, channel, length));
            }
          }
        });
  }

  private static ObjectNode listing(SessionFiles session, String id) throws java.io.IOException {
    ObjectNode body = ApiCalls.JSON.createObjectNode();
    ArrayNode recordings = body.putArray("recordings");
    for (SessionFiles.Recording r : session.recordings(id)) {
      recordings
          .addObject()
          .put("name", r.name())
          .put("bytes", r.bytes())
          .put("modified", r.modified().toString())
          .put("href", "/api/groups/" + id + "/recordings/" + r.name());
    }
    body.put("midiExport", "/api/groups/" + id + "/export.mid");
    return body;
  }

  private static void export(
      ChannelHandlerContext ctx,
      boolean keepAlive,
      SessionFiles session,
      String id,
      ApiCalls.Answer answer)
      throws java.io.IOException {
    try {
      byte[] midi = session.midiExport(id);
      HttpResponse head = HttpResponses.head(HttpResponseStatus.OK, "audio/midi");
      attachment(head, id + ".mid");
      answer.stream(c -> HttpResponses.stream(c, keepAlive, head, midi));
    } catch (SessionExportException e) {
      answer.respond(
          ApiCalls.error(
              ctx,
              HttpResponseStatus.CONFLICT,
              "Session " + id + " cannot be exported: " + e.getMessage()));
    }
  }

  /** Streams a recording from the disk, in chunks, as the connection takes them. */
  private static void send(
      ChannelHandlerContext ctx, boolean keepAlive, String name, FileChannel file, long length) {
    HttpResponse head =
        HttpResponses.head(
            HttpResponseStatus.OK, name.endsWith(".wav") ? "audio/wav" : "audio/ogg; codecs=opus");
    attachment(head, name);
    try {
      // A recording still being written is sent as long as it was when asked for.
      HttpResponses.stream(
          ctx,
          keepAlive,
          head,
          length,
          new ChunkedNioFile(file, 0, length, HttpResponses.CHUNK_BYTES));
    } catch (java.io.IOException e) {
      ctx.close();
    }
  }

  private static void attachment(HttpResponse response, String name) {
    response
        .headers()
        .set(HttpHeaderNames.CONTENT_DISPOSITION, "attachment; filename=\"" + name + "\"");
  }
}
