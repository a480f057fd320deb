package org.attune.client.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.util.List;
import java.util.Map;
import org.attune.audio.builtin.GeneralMidi;
import org.attune.audio.builtin.InstrumentChoice;
import org.attune.audio.sf2.SoundFont;
import org.attune.audio.synth.Synthesizer;
import org.attune.server.AttuneServer;
import org.attune.server.ServerConfig;
import org.attune.server.SoundConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The play page's instruments against the server's engine: in headless Chromium, a page fetches the
 * server's samples for an instrument (samples.js, from {@code /api/instruments/...}) and renders a
 * note with Web Audio in an OfflineAudioContext; the same note rendered by the engine ({@link
 * Synthesizer}, the same SoundFont) starts at the same sample, sounds at the same pitch, with the
 * same loudness, balance and envelope (the level every 20 ms correlates), so that a remote member's
 * page sounds like the group's mix.
 *
 * <p>The server plays the installed SoundFont where there is one (CI installs TimGM6mb), else the
 * built-in voices.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InstrumentSamplesInBrowserTest {

  private static final int RATE = 48_000;
  private static final int NOTE_AT = 4_800;
  private static final int HELD = 48_000;
  private static final int FRAMES = 72_000;

  private AttuneServer server;
  private HeadlessChromium page;

  @BeforeAll
  void start() throws Exception {
    HeadlessChromium.assumeInstalled();
    server = AttuneServer.start(ServerConfig.onFreePorts().withSound(SoundConfig.defaults()));
    page = new HeadlessChromium("instruments");
    page.driver.get("http://127.0.0.1:" + server.httpPort() + "/play");
  }

  @AfterAll
  void stop() {
    if (page != null) {
      page.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @ParameterizedTest(name = "{0} key {1}")
  @CsvSource({"flute, 72, false", "marimba, 60, false", "strings, 55, false", "drums, 38, true"})
  void aNoteOnThePageSoundsAsTheEngineSoundsIt(String instrument, int key, boolean hit) {
    float[][] browser = renderInBrowser(instrument, key, hit);
    float[][] engine = renderWithEngine(instrument, key, hit);
    String what =
        instrument + " key " + key + " (" + server.sound().orElseThrow().font().name() + ")";

    assertThat(onset(browser[0])).as(what + ": onset").isCloseTo(onset(engine[0]), offset(48));
    double levelDb = db(rms(browser[0], 0, FRAMES) + rms(browser[1], 0, FRAMES));
    double engineDb = db(rms(engine[0], 0, FRAMES) + rms(engine[1], 0, FRAMES));
    assertThat(levelDb).as(what + ": level, dB").isCloseTo(engineDb, offset(1.0));
    double balance = db(rms(browser[0], 0, FRAMES)) - db(rms(browser[1], 0, FRAMES));
    double engineBalance = db(rms(engine[0], 0, FRAMES)) - db(rms(engine[1], 0, FRAMES));
    assertThat(balance).as(what + ": balance L-R, dB").isCloseTo(engineBalance, offset(1.0));
    assertThat(correlation(envelope(browser[0]), envelope(engine[0])))
        .as(what + ": the level every 20 ms")
        .isGreaterThan(0.99);
    if (!hit) {
      double f = pitch(engine[0], NOTE_AT + 9_600, NOTE_AT + 33_600);
      assertThat(f)
          .as(what + ": the engine's pitch")
          .isCloseTo(midiHz(key), offset(midiHz(key) * 0.03));
      assertThat(pitch(browser[0], NOTE_AT + 9_600, NOTE_AT + 33_600))
          .as(what + ": pitch, Hz")
          .isCloseTo(f, offset(f * 0.005));
    }
  }

  /**
   * The hi-hat's choke: an open hi-hat (GM 46), then a closed one (42) 200 ms later by the same
   * member. Both share an exclusive class in a General MIDI kit, so the closed one ends the open
   * one within a block, on the page as in the engine; without the choke the open hat would ring on
   * under the closed one.
   */
  @Test
  void aClosedHiHatChokesTheOpenOneOnThePageAsInTheEngine() {
    int closedAt = NOTE_AT + 9_600;
    float[][] engine = renderHatsWithEngine(closedAt);
    float[][] choked = renderHatsInBrowser(closedAt, true);
    float[][] ringing = renderHatsInBrowser(closedAt, false);
    String font = server.sound().orElseThrow().font().name();
    // After the closed hat's first 10 ms, what is left of the open one is gone when choked.
    int from = closedAt + 480;
    int to = closedAt + 9_600;
    double engineDb = db(rms(engine[0], from, to));
    assertThat(db(rms(choked[0], from, to)))
        .as("choked, after the closed hat, dB (" + font + ")")
        .isCloseTo(engineDb, offset(1.0));
    assertThat(db(rms(ringing[0], from, to)))
        .as("without the choke the open hat rings on, dB (" + font + ")")
        .isGreaterThan(engineDb + 1.0);
    assertThat(correlation(envelope(choked[0]), envelope(engine[0])))
        .as("the level every 20 ms")
        .isGreaterThan(0.99);
  }

  @SuppressWarnings("unchecked")
  private float[][] renderHatsInBrowser(int closedAt, boolean choke) {
    Map<String, List<Number>> out =
        (Map<String, List<Number>>)
            page.driver.executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                    + "const [at, closedAt, frames, choke] = arguments;"
                    + "import('/web/samples.js').then(async m => {"
                    + "  const context = new OfflineAudioContext(2, frames, 48000);"
                    + "  const kit = await new m.SampleBank().load(context, 'drums');"
                    + "  const chokes = choke ? new Map() : null;"
                    + "  kit.play(context.destination, 46, 100, at / 48000, chokes);"
                    + "  kit.play(context.destination, 42, 100, closedAt / 48000, chokes);"
                    + "  const rendered = await context.startRendering();"
                    + "  done({left: Array.from(rendered.getChannelData(0)),"
                    + "        right: Array.from(rendered.getChannelData(1))});"
                    + "}).catch(e => done({error: [String(e)]}));",
                NOTE_AT,
                closedAt,
                FRAMES,
                choke);
    assertThat(out).doesNotContainKey("error");
    return new float[][] {floats(out.get("left")), floats(out.get("right"))};
  }

  private float[][] renderHatsWithEngine(int closedAt) {
    Synthesizer synth = new Synthesizer(server.sound().orElseThrow().font(), 1, 64);
    InstrumentChoice kit = GeneralMidi.forInstrumentName("drums");
    synth.program(0, kit.bank(), kit.program());
    int block = 64;
    float[][] left = {new float[block]};
    float[][] right = {new float[block]};
    float[][] out = {new float[FRAMES], new float[FRAMES]};
    for (int at = 0; at < FRAMES; at += block) {
      if (at == NOTE_AT) {
        synth.hit(0, 46, 100, 0);
      } else if (at == closedAt) {
        synth.hit(0, 42, 100, 0);
      }
      synth.render(left, right, block);
      System.arraycopy(left[0], 0, out[0], at, block);
      System.arraycopy(right[0], 0, out[1], at, block);
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private float[][] renderInBrowser(String instrument, int key, boolean hit) {
    Map<String, List<Number>> out =
        (Map<String, List<Number>>)
            page.driver.executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                    + "const [name, key, hit, at, held, frames] = arguments;"
                    + "import('/web/samples.js').then(async m => {"
                    + "  const context = new OfflineAudioContext(2, frames, 48000);"
                    + "  const instrument = await new m.SampleBank().load(context, name);"
                    + "  const voice = instrument.play(context.destination, key, 100, at / 48000);"
                    + "  voice.release((hit ? at + 3 * 48000 : at + held) / 48000);"
                    + "  const rendered = await context.startRendering();"
                    + "  done({left: Array.from(rendered.getChannelData(0)),"
                    + "        right: Array.from(rendered.getChannelData(1))});"
                    + "}).catch(e => done({error: [String(e)]}));",
                instrument,
                key,
                hit,
                NOTE_AT,
                HELD,
                FRAMES);
    assertThat(out).doesNotContainKey("error");
    return new float[][] {floats(out.get("left")), floats(out.get("right"))};
  }

  private float[][] renderWithEngine(String instrument, int key, boolean hit) {
    SoundFont font = server.sound().orElseThrow().font();
    Synthesizer synth = new Synthesizer(font, 1, 64);
    InstrumentChoice choice = GeneralMidi.forInstrumentName(instrument);
    synth.program(0, choice.bank(), choice.program());
    int block = 64;
    float[][] left = {new float[block]};
    float[][] right = {new float[block]};
    float[][] out = {new float[FRAMES], new float[FRAMES]};
    for (int at = 0; at < FRAMES; at += block) {
      if (at == NOTE_AT) {
        if (hit) {
          synth.hit(0, key, 100, 0);
        } else {
          synth.noteOn(0, key, 100, 0);
        }
      } else if (at == NOTE_AT + HELD && !hit) {
        synth.noteOff(0, key, 0);
      }
      synth.render(left, right, block);
      System.arraycopy(left[0], 0, out[0], at, block);
      System.arraycopy(right[0], 0, out[1], at, block);
    }
    return out;
  }

  private static float[] floats(List<Number> values) {
    float[] f = new float[values.size()];
    for (int i = 0; i < f.length; i++) {
      f[i] = values.get(i).floatValue();
    }
    return f;
  }

  private static int onset(float[] s) {
    double peak = 0;
    for (float v : s) {
      peak = Math.max(peak, Math.abs(v));
    }
    for (int i = 0; i < s.length; i++) {
      if (Math.abs(s[i]) > peak * 0.01) {
        return i;
      }
    }
    return -1;
  }

  private static double rms(float[] s, int from, int to) {
    double sum = 0;
    for (int i = from; i < to; i++) {
      sum += s[i] * s[i];
    }
    return Math.sqrt(sum / (to - from));
  }

  private static double db(double v) {
    return 20 * Math.log10(Math.max(v, 1e-9));
  }

  private static double[] envelope(float[] s) {
    int window = RATE / 50;
    double[] e = new double[s.length / window];
    for (int w = 0; w < e.length; w++) {
      e[w] = rms(s, w * window, (w + 1) * window);
    }
    return e;
  }

  private static double correlation(double[] a, double[] b) {
    double ma = 0;
    double mb = 0;
    for (int i = 0; i < a.length; i++) {
      ma += a[i] / a.length;
      mb += b[i] / b.length;
    }
    double ab = 0;
    double aa = 0;
    double bb = 0;
    for (int i = 0; i < a.length; i++) {
      ab += (a[i] - ma) * (b[i] - mb);
      aa += (a[i] - ma) * (a[i] - ma);
      bb += (b[i] - mb) * (b[i] - mb);
    }
    return ab / Math.sqrt(aa * bb);
  }

  /** The fundamental by autocorrelation between 50 Hz and 2 kHz, refined by parabola. */
  private static double pitch(float[] s, int from, int to) {
    int minLag = RATE / 2_000;
    int maxLag = RATE / 50;
    double[] r = new double[maxLag + 2];
    for (int lag = minLag - 1; lag <= maxLag + 1; lag++) {
      double sum = 0;
      for (int i = from; i < to - maxLag - 2; i++) {
        sum += s[i] * s[i + lag];
      }
      r[lag] = sum;
    }
    double best = Double.NEGATIVE_INFINITY;
    for (int lag = minLag; lag <= maxLag; lag++) {
      best = Math.max(best, r[lag]);
    }
    // The first lag whose peak is nearly the best: the period, not a multiple of it.
    for (int lag = minLag; lag <= maxLag; lag++) {
      if (r[lag] >= 0.9 * best && r[lag] >= r[lag - 1] && r[lag] >= r[lag + 1]) {
        double d = (r[lag - 1] - r[lag + 1]) / (2 * (r[lag - 1] - 2 * r[lag] + r[lag + 1]));
        return RATE / (lag + d);
      }
    }
    return -1;
  }

  private static double midiHz(int key) {
    return 440 * Math.pow(2, (key - 69) / 12.0);
  }
}
