package org.attune.client.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.util.JsonFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.attune.clock.TempoMap;
import org.attune.server.AttuneServer;
import org.attune.server.ServerConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The pages' tempo map (timeline.js) against the server's ({@link TempoMap}), in headless Chromium:
 * for a map with a steady stretch, an accelerando, a fermata and its release, the page finds the
 * same beat at every sampled time and the same time for every sampled beat, edges of segments
 * included.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TimelineInBrowserTest {

  private AttuneServer server;
  private HeadlessChromium page;

  @BeforeAll
  void start() throws Exception {
    HeadlessChromium.assumeInstalled();
    server = AttuneServer.start(ServerConfig.onFreePorts());
    page = new HeadlessChromium("timeline");
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

  @Test
  @SuppressWarnings("unchecked")
  void thePageFindsTheServersBeatsAndTimesAcrossRampHoldAndRelease() throws Exception {
    TempoMap map =
        TempoMap.steady(0, 90)
            .withRamp(2_000_000, 132, 8)
            .withHold(9_000_000)
            .withSteady(11_500_000, 100);
    List<Long> times = new ArrayList<>();
    for (long t = -1_000_000; t <= 16_000_000; t += 250_000) {
      times.add(t);
    }
    map.segments().forEach(s -> times.add(s.startMicros()));
    List<Double> beats = new ArrayList<>();
    for (double b = -1; b <= 30; b += 0.5) {
      beats.add(b);
    }
    map.segments().forEach(s -> beats.add(s.startBeat()));
    String json = JsonFormat.printer().print(map.toProto());

    Map<String, List<Number>> out =
        (Map<String, List<Number>>)
            page.driver.executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                    + "import('/web/timeline.js').then(m => {"
                    + "  const map = new m.TempoMap(JSON.parse(arguments[0]));"
                    + "  done({beats: arguments[1].map(t => map.beatAt(t)),"
                    + "        bpm: arguments[1].map(t => map.bpmAt(t)),"
                    + "        times: arguments[2].map(b => { const t = map.timeAt(b);"
                    + "          return Number.isFinite(t) ? t : -1; })});"
                    + "});",
                json,
                times,
                beats);

    for (int i = 0; i < times.size(); i++) {
      long t = times.get(i);
      assertThat(out.get("beats").get(i).doubleValue())
          .as("beat at %d µs", t)
          .isCloseTo(map.beatAt(t), org.assertj.core.data.Offset.offset(1e-9));
      assertThat(out.get("bpm").get(i).doubleValue())
          .as("bpm at %d µs", t)
          .isCloseTo(map.bpmAt(t), org.assertj.core.data.Offset.offset(1e-9));
    }
    for (int i = 0; i < beats.size(); i++) {
      double b = beats.get(i);
      long expected = map.timeAt(b);
      double atPage = out.get("times").get(i).doubleValue();
      if (expected == Long.MAX_VALUE) {
        assertThat(atPage).as("beat %s is held", b).isEqualTo(-1);
      } else {
        assertThat(atPage)
            .as("time of beat %s", b)
            .isCloseTo(expected, org.assertj.core.data.Offset.offset(1.0));
      }
    }
  }
}
