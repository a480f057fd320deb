package org.attune.client.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.attune.client.AttuneClient;
import org.attune.protocol.v1.Gesture;
import org.attune.protocol.v1.NoteOff;
import org.attune.protocol.v1.NoteOn;
import org.attune.protocol.v1.Role;
import org.attune.server.AttuneServer;
import org.attune.server.ServerConfig;
import org.attune.server.SoundConfig;
import org.attune.server.group.Group;
import org.attune.server.stream.StreamStats;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * What remote play pages hear, as the facilitator chooses it on the console, in real headless
 * Chromium on 127.0.0.1: with "the room's mix, streamed" the page stops playing the group itself
 * and plays the server's Opus stream (WebCodecs), each frame in time for its place at its server
 * time plus the playout delay, and a Java member's notes are in what it decodes, at their time;
 * back to "their own browser", the stream stops at the server. An instrument the facilitator gives
 * a member's strip is what the page plays that member's notes with.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RemoteSoundInBrowserTest {

  private static final Duration WAIT = Duration.ofSeconds(20);

  private AttuneServer server;
  private Group group;
  private AttuneClient javaMember;
  private String javaId;
  private HeadlessChromium console;
  private HeadlessChromium page;

  @BeforeAll
  void start() throws Exception {
    HeadlessChromium.assumeInstalled();
    server =
        AttuneServer.start(
            ServerConfig.onFreePorts().withSound(SoundConfig.builtIn().withRenderThreads(1)));
    group = server.groups().create("remote sound");
    String base = "http://127.0.0.1:" + server.httpPort();

    console = new HeadlessChromium("remote-console");
    console.driver.get(
        base + "/console#code=" + group.joinCode() + "&key=" + group.facilitatorKey());
    waitFor(console, () -> visible(console, "console"), "the console opened the group");

    javaMember = AttuneClient.connect("127.0.0.1", server.tcpPort());
    javaId =
        javaMember
            .join(group.joinCode(), "Java", "marimba", Role.PARTICIPANT, null)
            .get(10, TimeUnit.SECONDS)
            .getParticipantId();
    javaMember.awaitClockSync(8).get(20, TimeUnit.SECONDS);

    page = new HeadlessChromium("remote-page");
    page.driver.get(base + "/play?code=" + group.joinCode());
    page.driver.findElement(By.cssSelector("input[name=instrument][value=flute]")).click();
    page.driver.findElement(By.id("join-button")).click();
    waitFor(page, () -> visible(page, "play"), "the page joined");
    waitFor(
        page,
        () -> Boolean.TRUE.equals(page.js("return window.attune.connection.clock.synced")),
        "the page's clock is in sync");
  }

  @AfterAll
  void stop() {
    for (HeadlessChromium browser : new HeadlessChromium[] {console, page}) {
      if (browser != null) {
        browser.close();
      }
    }
    if (javaMember != null) {
      javaMember.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  @Order(1)
  void theInstrumentTheFacilitatorGivesAStripIsWhatThePagePlaysItWith() {
    waitFor(
        page,
        () -> "gm:0/12".equals(page.js("return window.attune.instrumentOf(arguments[0])", javaId)),
        "the page plays the Java member's strip's marimba (GM program 13)");
    WebElement instrument =
        console.driver.findElement(By.cssSelector("input[aria-label='Instrument of Java']"));
    instrument.clear();
    instrument.sendKeys("vibraphone\n");
    waitFor(
        page,
        () -> "gm:0/11".equals(page.js("return window.attune.instrumentOf(arguments[0])", javaId)),
        "the page follows the strip to the vibraphone (GM program 12)");
    waitFor(
        page,
        () ->
            Boolean.TRUE.equals(
                page.js("return window.attune.sound.samples.get('gm:0/11') !== null")),
        "the page fetched the vibraphone's samples from the server");
  }

  @Test
  @Order(2)
  void withTheStreamChosenThePagePlaysTheRoomsMixInTimeAndTheNotesAreInIt() throws Exception {
    new Select(console.driver.findElement(By.id("remote-sound"))).selectByValue("SERVER_STREAM");
    waitFor(
        page,
        () -> "stream".equals(page.js("return window.attune.state.hearing")),
        "the page switched to the stream");
    assertThat(page.js("return window.attune.sound.local")).isEqualTo(false);
    assertThat(page.driver.findElement(By.id("hearing")).getText())
        .contains("room's mix, streamed");
    waitFor(
        page,
        () -> ((Number) page.js("return window.attune.stream.stats.played")).intValue() >= 50,
        "the page played a second of the stream");

    // Three loud notes, 0.6 s apart, by the Java member; the page's stream must hold them.
    List<Long> noteMicros = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      noteMicros.add(server.clock().nowMicros());
      javaMember.sendGesture(
          Gesture.newBuilder().setNoteOn(NoteOn.newBuilder().setPitch(67)).setVelocity(1f).build());
      Thread.sleep(150);
      javaMember.sendGesture(
          Gesture.newBuilder().setNoteOff(NoteOff.newBuilder().setPitch(67)).build());
      Thread.sleep(450);
    }
    Thread.sleep(600);

    @SuppressWarnings("unchecked")
    Map<String, Number> stats = (Map<String, Number>) page.js("return window.attune.stream.stats");
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> log =
        (List<Map<String, Object>>) page.js("return window.attune.stream.log");
    System.out.println("page stream stats: " + stats);
    long played = stats.get("played").longValue();
    long late = stats.get("late").longValue();
    // The jitter buffer grows with each late frame: only a few are lost before it covers them.
    assertThat(late)
        .as("frames too late for their place, of %d played", played)
        .isLessThanOrEqualTo(played / 10);
    assertThat(stats.get("errors").longValue()).as("decoder errors").isZero();

    List<Long> lateness = new ArrayList<>();
    for (Map<String, Object> f : log) {
      lateness.add(
          ((Number) f.get("arrivedServerMicros")).longValue()
              - ((Number) f.get("serverMicros")).longValue());
    }
    lateness.sort(null);
    long p90 = lateness.get(lateness.size() * 9 / 10);
    System.out.println(
        "page stream: frames arrive "
            + p90
            + " µs after their server time (p90); playout delay now "
            + stats.get("delayMicros")
            + " µs");

    long delay =
        server.sound().orElseThrow().bus(group.id()).orElseThrow().delayMicros() + 1_000 + 20_000;
    for (long at : noteMicros) {
      double before = peak(log, at - 300_000, at - 50_000);
      double during = peak(log, at, at + delay + 200_000);
      assertThat(during)
          .as("the note at %d µs in the page's decoded stream", at)
          .isGreaterThan(0.02)
          .isGreaterThan(before * 4);
    }
  }

  @Test
  @Order(3)
  void backToTheirOwnBrowsersThePageStopsTheStreamAndPlaysTheGroupItself() {
    new Select(console.driver.findElement(By.id("remote-sound"))).selectByValue("LOCAL_SAMPLES");
    waitFor(
        page,
        () -> "local".equals(page.js("return window.attune.state.hearing")),
        "the page switched back");
    assertThat(page.js("return window.attune.sound.local")).isEqualTo(true);
    StreamStats stats = server.sound().orElseThrow().streams().stats();
    waitFor(page, () -> stats.listeners.sum() == 0, "the server stopped the page's stream");
  }

  /** The largest decoded peak of the frames whose server time is in [from, to). */
  private static double peak(List<Map<String, Object>> log, long from, long to) {
    double peak = 0;
    for (Map<String, Object> f : log) {
      long at = ((Number) f.get("serverMicros")).longValue();
      if (at >= from && at < to && f.get("peak") != null) {
        peak = Math.max(peak, ((Number) f.get("peak")).doubleValue());
      }
    }
    return peak;
  }

  private static boolean visible(HeadlessChromium browser, String id) {
    return browser.driver.findElement(By.id(id)).isDisplayed();
  }

  private static void waitFor(HeadlessChromium browser, Supplier<Boolean> condition, String what) {
    new WebDriverWait(browser.driver, WAIT)
        .withMessage(() -> what + "; the page: " + browser.js("return document.body.innerText"))
        .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
        .until(d -> condition.get());
  }
}
