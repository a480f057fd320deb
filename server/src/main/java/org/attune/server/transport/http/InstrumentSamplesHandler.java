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
import io.netty.util.ReferenceCountUtil;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.attune.audio.builtin.GeneralMidi;
import org.attune.audio.builtin.InstrumentChoice;
import org.attune.audio.sf2.Envelope;
import org.attune.audio.sf2.Preset;
import org.attune.audio.sf2.PresetCut;
import org.attune.audio.sf2.Region;
import org.attune.audio.sf2.SoundFont;
import org.attune.mixer.MixerLimits;

/**
 * The server's instruments for the play pages, so that a browser sounds a member as the server's
 * mix does: cut from the SoundFont the server plays ({@link PresetCut}), for the velocity layer a
 * pad plays at.
 *
 * <ul>
 *   <li>{@code GET /api/instruments/for?name=marimba}: the instrument a member's instrument name
 *       plays (as the server's mixer maps it): {@code {"bank", "program", "name", "href"}};
 *   <li>{@code GET /api/instruments/<bank>/<program>}: the preset's regions (keys, velocities,
 *       tuning, loops, envelope, attenuation, pan, filter), its samples' offsets, lengths and
 *       rates, and where its frames are;
 *   <li>{@code GET /api/instruments/<bank>/<program>.pcm}: the frames, 16-bit little-endian mono.
 * </ul>
 *
 * No key is asked: the samples are the installed SoundFont's (or the built-in voices'), not a
 * group's. A cut is made once per preset and kept; a preset the font lacks is answered with the one
 * the engine falls back to, as it would play it.
 *
 * <p>Thread-safe: one instance per connection; the cuts are shared through a concurrent map.
 */
final class InstrumentSamplesHandler extends ChannelInboundHandlerAdapter {

  /** The velocity layer cut: a pad pressed firmly (0.8 of full). */
  static final int VELOCITY = 100;

  /** The most frames one instrument's cut holds (8 MB of 16-bit frames). */
  static final int MAX_TOTAL_FRAMES = 4 << 20;

  /** How long a sample that does not loop may be, in seconds, tried in turn to fit the budget. */
  private static final double[] SAMPLE_SECONDS = {6, 3, 1.5};

  private static final Pattern PRESET =
      Pattern.compile("/api/instruments/(0|128)/([0-9]{1,3})(\\.pcm)?");

  private static final String CHOICE = "/api/instruments/for";

  /** A cut as it is served: its description and its frames. */
  record Served(byte[] json, byte[] pcm) {}

  private final Optional<SoundFont> font;
  private final Map<Integer, Served> cuts;
  private final ApiCalls calls;

  InstrumentSamplesHandler(Optional<SoundFont> font, Map<Integer, Served> cuts, ApiCalls calls) {
    this.font = font;
    this.cuts = cuts;
    this.calls = calls;
  }

  /** A map for the cuts of one server, shared by its connections. */
  static Map<Integer, Served> newCache() {
    return new ConcurrentHashMap<>();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof FullHttpRequest request) || request.decoderResult().isFailure()) {
      ctx.fireChannelRead(msg);
      return;
    }
    QueryStringDecoder uri = new QueryStringDecoder(request.uri());
    Matcher preset = PRESET.matcher(uri.path());
    boolean choice = uri.path().equals(CHOICE);
    if (!choice && !preset.matches()) {
      ctx.fireChannelRead(msg);
      return;
    }
    try {
      boolean keepAlive = HttpUtil.isKeepAlive(request);
      if (!request.method().equals(HttpMethod.GET)) {
        FullHttpResponse refused =
            ApiCalls.error(ctx, HttpResponseStatus.METHOD_NOT_ALLOWED, "Only GET is allowed here.");
        refused.headers().set(HttpHeaderNames.ALLOW, "GET");
        HttpResponses.respond(ctx, keepAlive, refused);
      } else if (font.isEmpty()) {
        HttpResponses.respond(
            ctx,
            keepAlive,
            ApiCalls.error(
                ctx, HttpResponseStatus.NOT_FOUND, "This server plays no sound (--no-sound)."));
      } else if (choice) {
        HttpResponses.respond(ctx, keepAlive, choice(ctx, uri.parameters().get("name")));
      } else {
        int bank = Integer.parseInt(preset.group(1));
        int program = Integer.parseInt(preset.group(2));
        boolean frames = preset.group(3) != null;
        // SoundFont presets count from 0: General MIDI's program 1 is preset 0.
        int lastPreset = MixerLimits.LAST_PROGRAM - 1;
        if (program > lastPreset) {
          HttpResponses.respond(
              ctx,
              keepAlive,
              ApiCalls.error(
                  ctx,
                  HttpResponseStatus.NOT_FOUND,
                  "A program is 0.." + lastPreset + ", not " + program + "."));
        } else {
          calls.offload(
              ctx,
              request,
              "Cutting an instrument",
              answer -> cut(keepAlive, bank, program, frames, answer));
        }
      }
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  private static FullHttpResponse choice(ChannelHandlerContext ctx, List<String> names) {
    if (names == null || names.size() != 1 || !MixerLimits.isInstrumentText(names.get(0))) {
      return ApiCalls.error(
          ctx, HttpResponseStatus.BAD_REQUEST, "Give one instrument name: ?name=marimba.");
    }
    InstrumentChoice c = GeneralMidi.forInstrumentName(names.get(0));
    ObjectNode body =
        ApiCalls.JSON
            .createObjectNode()
            .put("bank", c.bank())
            .put("program", c.program())
            .put("name", c.name())
            .put("href", "/api/instruments/" + c.bank() + "/" + c.program());
    return cacheable(ApiCalls.json(ctx, HttpResponseStatus.OK, body));
  }

  private void cut(
      boolean keepAlive, int bank, int program, boolean frames, ApiCalls.Answer answer) {
    SoundFont f = font.orElseThrow();
    Preset preset = f.presetOrFallback(bank, program);
    Served served =
        cuts.computeIfAbsent(preset.bank() * 128 + preset.program(), k -> serve(f, preset));
    HttpResponse head =
        HttpResponses.head(
            HttpResponseStatus.OK,
            frames ? "application/octet-stream" : HttpResponses.JSON_CONTENT_TYPE);
    head.headers().set(HttpHeaderNames.CACHE_CONTROL, CACHEABLE);
    byte[] body = frames ? served.pcm : served.json;
    answer.stream(c -> HttpResponses.stream(c, keepAlive, head, body));
  }

  /** The samples do not change while the server runs: a page may keep them for an hour. */
  private static final String CACHEABLE = "private, max-age=3600";

  private static FullHttpResponse cacheable(FullHttpResponse response) {
    response.headers().set(HttpHeaderNames.CACHE_CONTROL, CACHEABLE);
    return response;
  }

  private static Served serve(SoundFont font, Preset preset) {
    PresetCut cut = null;
    for (double seconds : SAMPLE_SECONDS) {
      cut = PresetCut.of(font, preset, VELOCITY, (int) (seconds * 48_000), MAX_TOTAL_FRAMES);
      if (cut.skipped() == 0) {
        break;
      }
    }
    ByteBuffer pcm = ByteBuffer.allocate(cut.pcm().length * 2).order(ByteOrder.LITTLE_ENDIAN);
    pcm.asShortBuffer().put(cut.pcm());
    return new Served(describe(cut).toString().getBytes(StandardCharsets.UTF_8), pcm.array());
  }

  private static ObjectNode describe(PresetCut cut) {
    Preset p = cut.preset();
    ObjectNode body =
        ApiCalls.JSON
            .createObjectNode()
            .put("font", cut.font())
            .put("name", p.name())
            .put("bank", p.bank())
            .put("program", p.program())
            .put("velocity", cut.velocity())
            .put("pcm", "/api/instruments/" + p.bank() + "/" + p.program() + ".pcm")
            .put("skipped", cut.skipped());
    ArrayNode samples = body.putArray("samples");
    for (PresetCut.CutSample s : cut.samples()) {
      samples
          .addObject()
          .put("offset", s.offset())
          .put("frames", s.frames())
          .put("sampleRate", s.sampleRate());
    }
    ArrayNode regions = body.putArray("regions");
    for (PresetCut.CutRegion c : cut.regions()) {
      Region r = c.region();
      Envelope e = r.volume();
      ObjectNode o =
          regions
              .addObject()
              .put("loKey", r.loKey())
              .put("hiKey", r.hiKey())
              .put("loVel", r.loVel())
              .put("hiVel", r.hiVel())
              .put("sample", c.sample())
              .put("start", c.start())
              .put("end", c.end())
              .put("loopStart", c.loopStart())
              .put("loopEnd", c.loopEnd())
              .put("loop", c.loop().name())
              .put("rootKey", r.rootKey())
              .put("tuneCents", r.tuneCents())
              .put("scaleTuningCents", r.scaleTuningCents())
              .put("attenuationDb", r.attenuationDb())
              .put("pan", r.pan())
              .put("filterCutoffHz", r.filterCutoffHz())
              .put("filterQDb", r.filterQDb())
              .put("exclusiveClass", r.exclusiveClass())
              .put("velocityAttenuationCb", r.velocityAttenuationCb());
      o.putObject("envelope")
          .put("delay", e.delaySeconds())
          .put("attack", e.attackSeconds())
          .put("hold", e.holdSeconds())
          .put("decay", e.decaySeconds())
          .put("sustain", e.sustainLevel())
          .put("release", e.releaseSeconds())
          .put("holdKeyCents", e.holdKeyCents())
          .put("decayKeyCents", e.decayKeyCents());
    }
    return body;
  }
}
