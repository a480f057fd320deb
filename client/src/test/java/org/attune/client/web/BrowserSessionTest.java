package org.attune.client.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.LuminanceSource;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.Result;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.imageio.ImageIO;
import org.attune.client.AttuneClient;
import org.attune.client.ClientListener;
import org.attune.protocol.v1.GestureEvent;
import org.attune.protocol.v1.Role;
import org.attune.protocol.v1.StructureChange;
import org.attune.server.AttuneServer;
import org.attune.server.ServerConfig;
import org.attune.server.SoundConfig;
import org.attune.server.group.Group;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One session in real headless Chromium on 127.0.0.1: the facilitator's console, two play pages
 * opened from the link the console's QR code holds, and a Java client (TCP) in the same group. A
 * section change made on the console at the next bar shows on both pages and fires at the Java
 * client on the same beat, and both pages schedule it at the same time; a pad pressed on one page
 * reaches the other page and the Java client and shows as activity on the console; a play page's
 * tempo change is refused by the server, and the page says why; the play page works from the
 * keyboard alone. Screenshots of the console and a play page go to {@code target/screenshots/}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BrowserSessionTest {

  /** How far apart two pages on one machine may schedule the same change. */
  private static final double SAME_TIME_MILLIS = 10;

  private static final Duration WAIT = Duration.ofSeconds(15);

  private static final String OPERATOR_KEY = "browser-test-operator-key";

  private AttuneServer server;
  private Group group;
  private AttuneClient javaMember;
  private final List<GestureEvent> javaHeard = new CopyOnWriteArrayList<>();
  private final Map<Long, StructureChange> javaFired = new ConcurrentHashMap<>();
  private final Map<Long, Long> javaFiredNanos = new ConcurrentHashMap<>();
  private HeadlessChromium console;
  private HeadlessChromium first;
  private HeadlessChromium second;
  private String joinLink;

  @BeforeAll
  void start() throws Exception {
    HeadlessChromium.assumeInstalled();
    // With the built-in voices, so that the console has a mixer to show and drive.
    // And a data directory, so that the console can record the mix.
    server =
        AttuneServer.start(
            ServerConfig.onFreePorts()
                .withSound(SoundConfig.builtIn().withRenderThreads(1))
                .withDataDirectory(
                    new org.attune.server.journal.DataDirectory(
                        java.nio.file.Files.createTempDirectory("attune-browser-data")))
                .withOperatorKey(org.attune.server.group.OperatorKey.of(OPERATOR_KEY)));

    // The therapist has only a browser: the console starts the group with the operator key.
    console = new HeadlessChromium("console");
    console.driver.get(base() + "/console");
    console.driver.findElement(By.id("new-name")).sendKeys("browser");
    console.driver.findElement(By.id("operator-key")).sendKeys(OPERATOR_KEY);
    console.driver.findElement(By.cssSelector("#create button[type=submit]")).click();
    waitFor(console, () -> visible(console, "console"), "the console started a group");
    String code = (String) console.js("return window.attune.state.code");
    group = server.groups().findByCode(code).orElseThrow();
    assertThat(group.name()).isEqualTo("browser");
    assertThat(text(console, "new-key")).contains(group.facilitatorKey());

    javaMember = AttuneClient.connect("127.0.0.1", server.tcpPort());
    javaMember.addListener(
        new ClientListener() {
          @Override
          public void onGesture(GestureEvent gesture) {
            javaHeard.add(gesture);
          }

          @Override
          public void onStructureChangeFired(StructureChange change, long firedLocalNanos) {
            javaFired.put(change.getSequence(), change);
            javaFiredNanos.put(change.getSequence(), firedLocalNanos);
          }
        });
    javaMember
        .join(group.joinCode(), "Java", "piano", Role.PARTICIPANT, null)
        .get(10, TimeUnit.SECONDS);
    javaMember.awaitClockSync(8).get(20, TimeUnit.SECONDS);
    joinLink = decodeQr(console);
  }

  private String base() {
    return "http://127.0.0.1:" + server.httpPort();
  }

  @AfterAll
  void stop() {
    for (HeadlessChromium browser : new HeadlessChromium[] {console, first, second}) {
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

  /** Reads the console's QR code as a phone would: from the pixels on the screen, with ZXing. */
  private static String decodeQr(HeadlessChromium console) throws Exception {
    WebElement qr = console.driver.findElement(By.id("qr"));
    waitFor(
        console,
        () ->
            Boolean.TRUE.equals(
                console.js("return arguments[0].complete && arguments[0].naturalWidth > 0", qr)),
        "the QR code loaded");
    BufferedImage image =
        ImageIO.read(new ByteArrayInputStream(qr.getScreenshotAs(OutputType.BYTES)));
    int[] pixels =
        image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    LuminanceSource source = new RGBLuminanceSource(image.getWidth(), image.getHeight(), pixels);
    Result result = new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(source)));
    return result.getText();
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

  /** Opens a play page from the join link and joins with the mouse. */
  private HeadlessChromium joinWithMouse(String name, String instrument) {
    HeadlessChromium page = new HeadlessChromium(name.toLowerCase());
    page.driver.get(joinLink);
    WebElement nameField = page.driver.findElement(By.id("name"));
    nameField.clear();
    nameField.sendKeys(name);
    page.driver
        .findElement(By.cssSelector("input[name=instrument][value=" + instrument + "]"))
        .click();
    page.driver.findElement(By.id("join-button")).click();
    waitFor(page, () -> visible(page, "play"), name + " joined");
    waitFor(
        page,
        () -> Boolean.TRUE.equals(page.js("return window.attune.connection.clock.synced")),
        name + "'s clock is in sync");
    return page;
  }

  private java.util.stream.Stream<GestureEvent> pressesFrom(String member) {
    return javaHeard.stream()
        .filter(g -> g.getParticipantId().equals(member) && !g.getGesture().getPad().getRelease());
  }

  private java.util.stream.Stream<GestureEvent> releasesFrom(String member) {
    return javaHeard.stream()
        .filter(g -> g.getParticipantId().equals(member) && g.getGesture().getPad().getRelease());
  }

  /** The bytes of a file the console downloaded, once the browser has finished saving it. */
  private byte[] downloaded(String name) {
    java.nio.file.Path file = console.downloads.resolve(name);
    waitFor(
        console,
        () -> java.nio.file.Files.isRegularFile(file),
        "the browser saved " + name + " in " + console.downloads);
    return readAllBytes(file);
  }

  private static byte[] readAllBytes(java.nio.file.Path file) {
    try {
      return java.nio.file.Files.readAllBytes(file);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String text(HeadlessChromium page, String id) {
    return page.driver.findElement(By.id(id)).getText();
  }

  @Test
  @Order(1)
  void theQrCodeHoldsTheJoinLinkAndTheLinkOpensAWorkingPlayPage() {
    assertThat(joinLink).isEqualTo(base() + "/play?code=" + group.joinCode());
    assertThat(console.driver.findElement(By.id("join-link")).getAttribute("href"))
        .isEqualTo(joinLink);
    first = joinWithMouse("Robin", "marimba");
    second = joinWithMouse("Sam", "bells");
    assertThat(text(first, "status")).contains("Joined as Robin");
    waitFor(
        console,
        () -> console.driver.findElements(By.cssSelector("#roster tr")).size() == 4,
        "the console lists four members");
    assertThat(text(console, "roster")).contains("Robin").contains("Sam").contains("Java");
  }

  @Test
  @Order(2)
  @SuppressWarnings("unchecked")
  void aSectionChangeAtTheNextBarAppearsOnBothPagesAndFiresAtTheJavaClientOnTheSameBeat() {
    new org.openqa.selenium.support.ui.Select(console.driver.findElement(By.id("quantize")))
        .selectByValue("NEXT_BAR");
    // Just after a bar starts, so that the count-in runs for most of a bar on both pages.
    new WebDriverWait(console.driver, WAIT, Duration.ofMillis(10))
        .until(
            d ->
                Boolean.TRUE.equals(
                    console.js(
                        "const t = window.attune.timeline;"
                            + " const b = t.tempo.beatAt(window.attune.connection.clock.serverNowMicros());"
                            + " return t.position(b).beat === 1 && b - Math.floor(b) < 0.3")));
    console.driver.findElement(By.cssSelector("#sections [data-section=Chorus]")).click();
    waitFor(
        console,
        () -> text(console, "message").contains("Section Chorus: at bar"),
        "the console shows when the change takes effect");
    for (HeadlessChromium page : List.of(first, second)) {
      waitFor(page, () -> text(page, "section").equals("Chorus"), "the page shows the section");
      assertThat((List<Object>) page.js("return window.attune.state.countIns"))
          .as("the page counted in to the change")
          .anySatisfy(
              shown ->
                  assertThat((String) shown)
                      .matches("Next: section Chorus at next bar in ([2-4] beats|1 beat)"));
    }
    List<Map<String, Object>> firstLog = changes(first);
    List<Map<String, Object>> secondLog = changes(second);
    assertThat(firstLog).hasSize(1);
    assertThat(secondLog).hasSize(1);
    long sequence = ((Number) firstLog.get(0).get("sequence")).longValue();
    waitFor(console, () -> javaFired.containsKey(sequence), "the Java client fired the change");
    StructureChange atJava = javaFired.get(sequence);
    for (Map<String, Object> entry : List.of(firstLog.get(0), secondLog.get(0))) {
      assertThat(((Number) entry.get("sequence")).longValue()).isEqualTo(sequence);
      assertThat(((Number) entry.get("effectiveBeat")).doubleValue())
          .isEqualTo(atJava.getEffectiveBeat());
      assertThat(((Number) entry.get("effectiveServerMicros")).longValue())
          .isEqualTo(atJava.getEffectiveServerMicros());
      assertThat(((Number) entry.get("scheduledAtServerMicros")).longValue())
          .as("scheduled ahead of time")
          .isLessThan(atJava.getEffectiveServerMicros());
    }
    double firstAt = ((Number) firstLog.get(0).get("soundsAtEpochMillis")).doubleValue();
    double secondAt = ((Number) secondLog.get(0).get("soundsAtEpochMillis")).doubleValue();
    double trueAt = epochMillisOfServerMicros(atJava.getEffectiveServerMicros());
    double javaAt = epochMillisOfNanos(javaFiredNanos.get(sequence));
    System.out.printf(
        "section change: page 1 %+.2f ms, page 2 %+.2f ms, Java client fired %+.2f ms"
            + " from the true server time%n",
        firstAt - trueAt, secondAt - trueAt, javaAt - trueAt);
    assertThat(Math.abs(firstAt - secondAt))
        .as("the pages schedule it at the same time")
        .isLessThan(SAME_TIME_MILLIS);
    assertThat(Math.abs(firstAt - trueAt)).as("at the server's time").isLessThan(15.0);
    assertThat(Math.abs(secondAt - trueAt)).as("at the server's time").isLessThan(15.0);
    assertThat(javaAt - trueAt).as("the Java client fired it on time").isBetween(-25.0, 25.0);
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> changes(HeadlessChromium page) {
    return (List<Map<String, Object>>)
        page.js("return window.attune.scheduler.log.filter(e => e.kind === 'change')");
  }

  /** Wall-clock milliseconds at a server time, from this JVM's clocks (the server's own). */
  private double epochMillisOfServerMicros(long serverMicros) {
    long nowNanos = System.nanoTime();
    long nowServer = server.clock().microsAtNanoTime(nowNanos);
    return epochMillisOfNanos(nowNanos + (serverMicros - nowServer) * 1000);
  }

  private static double epochMillisOfNanos(long nanos) {
    double wallMinusMono = System.currentTimeMillis() - System.nanoTime() / 1e6;
    return nanos / 1e6 + wallMinusMono;
  }

  @Test
  @Order(3)
  void aPadPressedOnOnePageReachesTheOtherPageAndTheJavaClientAndShowsOnTheConsole() {
    String robin = (String) first.js("return window.attune.state.me");
    javaHeard.clear();
    first.driver.findElement(By.cssSelector("#scale-pads .pad[data-degree='3']")).click();
    waitFor(
        second,
        () ->
            Boolean.TRUE.equals(
                second.js(
                    "return window.attune.state.heard.some(h => h.from === arguments[0]"
                        + " && h.gesture.pad && h.gesture.pad.degree === 3)",
                    robin)),
        "the other page heard the pad");
    waitFor(
        console,
        () -> javaHeard.stream().anyMatch(g -> g.getParticipantId().equals(robin)),
        "the Java client heard the pad");
    GestureEvent atJava =
        javaHeard.stream()
            .filter(g -> g.getParticipantId().equals(robin))
            .findFirst()
            .orElseThrow();
    assertThat(atJava.getGesture().getPad().getDegree()).isEqualTo(3);
    Number pitchAtPage =
        (Number)
            second.js(
                "return window.attune.state.heard.find(h => h.from === arguments[0]).pitch", robin);
    assertThat(pitchAtPage.intValue()).isEqualTo(atJava.getResolvedPitch());
    waitFor(
        console,
        () ->
            "1 note"
                .equals(
                    console.js(
                        "const cell = document.querySelector('#roster-' + arguments[0] + ' td.played');"
                            + " return cell && cell.textContent",
                        robin)),
        "the console shows Robin's activity");
    // The server rendered the note on Robin's strip: the console's meter for it moved.
    waitFor(
        console,
        () ->
            Boolean.TRUE.equals(
                console.js(
                    "const m = document.getElementById('meter-' + arguments[0]); return m !== null"
                        + " && ((window.attune.state.loudest || {})[arguments[0]] || -120) > -60",
                    robin)),
        "the console's meter shows Robin's note");
    // What each member does: Robin's one onset, within the 2 s the observations take.
    waitFor(
        console,
        () -> {
          Object row =
              console.js(
                  "const r = document.getElementById('observed-' + arguments[0]);"
                      + " return r && r.textContent",
                  robin);
          return row != null && row.toString().startsWith("Robin1 (");
        },
        "the console's observations show Robin's onset");
    // Follow Robin's tempo: the server says whom it follows in its next observations, and the
    // console's button shows it; pressed again, following stops.
    String followButton = "document.querySelector('#observed-' + arguments[0] + ' button')";
    console.js(followButton + ".click()", robin);
    waitFor(
        console,
        () ->
            String.valueOf(
                    console.js("const b = " + followButton + "; return b && b.textContent", robin))
                .startsWith("Following"),
        "the console shows that the tempo follows Robin");
    console.js(followButton + ".click()", robin);
    waitFor(
        console,
        () ->
            "Follow"
                .equals(
                    console.js("const b = " + followButton + "; return b && b.textContent", robin)),
        "the console shows that the tempo follows nobody");
    // Turns in the spotlight: from the next bar line a participant has it, as the server's
    // MixerState tells the console; pressed again, the turns stop.
    console.js(
        "document.getElementById('turn-bars').value = 1;"
            + " document.getElementById('turns').click()");
    waitFor(
        console,
        () -> "Stop turns".equals(text(console, "turns")),
        "the console shows the turns going round");
    waitFor(
        console,
        () ->
            !String.valueOf(console.js("return (window.attune.state.mixer || {}).spotlight || ''"))
                .isEmpty(),
        "a participant has the spotlight from a bar line on");
    console.js("document.getElementById('turns').click()");
    waitFor(
        console,
        () -> "Start turns".equals(text(console, "turns")),
        "the console shows the turns stopped");
    first.screenshot("play-page");
    console.screenshot("console");
  }

  @Test
  @Order(4)
  void aPlayPageCannotChangeTheTempoAndShowsWhy() {
    first.js("window.attune.send({command: {tempo: {bpm: 150}}}).catch(() => {})");
    waitFor(first, () -> text(first, "message").startsWith("Not done:"), "the refusal shows");
    assertThat(text(first, "message"))
        .isEqualTo("Not done: Only the facilitator can change the tempo, form or dynamics.");
    assertThat(group.snapshot().getPendingList()).isEmpty();
  }

  @Test
  @Order(5)
  void thePlayPageCanBeJoinedAndPlayedWithTabEnterAndSpaceAlone() {
    javaHeard.clear();
    try (HeadlessChromium page = new HeadlessChromium("keyboard")) {
      page.driver.get(joinLink);
      waitFor(page, () -> text(page, "status").startsWith("Connected"), "the page connected");
      Actions keys = new Actions(page.driver);
      // Code (from the link), name (suggested), the first instrument, then the Join button.
      keys.sendKeys(Keys.TAB, Keys.TAB, Keys.TAB, Keys.TAB).perform();
      assertThat(page.js("return document.activeElement.id")).isEqualTo("join-button");
      keys.sendKeys(Keys.ENTER).perform();
      waitFor(page, () -> visible(page, "play"), "joined from the keyboard");
      waitFor(
          page,
          () -> Boolean.TRUE.equals(page.js("return window.attune.connection.clock.synced")),
          "the clock is in sync");
      assertThat(page.js("return document.activeElement.dataset.degree")).isEqualTo("1");
      keys.sendKeys(Keys.SPACE).perform();
      keys.sendKeys(Keys.TAB).perform();
      keys.sendKeys(Keys.ENTER).perform();
      String me = (String) page.js("return window.attune.state.me");
      waitFor(
          page,
          () -> pressesFrom(me).count() == 2 && releasesFrom(me).count() == 2,
          "the Java client heard both pads, pressed and released (a note of 0.6 s each)");
      assertThat(pressesFrom(me).map(g -> g.getGesture().getPad().getDegree()))
          .containsExactly(1, 2);
    }
  }

  /** Clicks a console control and returns the console's message about it once it changes. */
  private String consoleDoes(String what, Runnable click) {
    console.js("document.getElementById('message').textContent = ''");
    click.run();
    waitFor(console, () -> !text(console, "message").isEmpty(), what + " was answered");
    return text(console, "message");
  }

  private Runnable clickOn(String css) {
    return () -> console.driver.findElement(By.cssSelector(css)).click();
  }

  private void type(String id, String value) {
    WebElement field = console.driver.findElement(By.id(id));
    field.clear();
    field.sendKeys(value);
  }

  private void choose(String id, String value) {
    new org.openqa.selenium.support.ui.Select(console.driver.findElement(By.id(id)))
        .selectByValue(value);
  }

  @Test
  @Order(6)
  void everyConsoleControlIsAcceptedByTheServerAndReachesThePlayPages() {
    choose("quantize", "NEXT_BEAT");
    type("bpm", "100");
    type("ramp-beats", "4");
    assertThat(consoleDoes("tempo", clickOn("#set-tempo"))).startsWith("Tempo 100: at bar");
    assertThat(consoleDoes("faster", clickOn("#faster"))).startsWith("Faster: at bar");
    assertThat(consoleDoes("fermata", clickOn("#fermata"))).startsWith("Hold: at bar");
    assertThat(consoleDoes("release", clickOn("#release"))).startsWith("Release: at bar");
    assertThat(consoleDoes("tap", clickOn("#tap"))).startsWith("Tap");
    type("section-name", "Verse");
    assertThat(consoleDoes("section", clickOn("#set-section"))).startsWith("Section Verse: at bar");
    choose("tonic", "2");
    choose("mode", "DORIAN");
    assertThat(consoleDoes("key", clickOn("#set-key"))).startsWith("Key D dorian: at bar");
    type("chords", "i IV i v");
    assertThat(consoleDoes("chords", clickOn("#set-chords"))).startsWith("Chords i IV i v: at bar");
    type("beats-per-bar", "3");
    assertThat(consoleDoes("meter", clickOn("#set-meter"))).startsWith("Meter 3/4: at bar");
    new org.openqa.selenium.support.ui.Select(console.driver.findElement(By.id("groove-name")))
        .selectByVisibleText("waltz");
    assertThat(consoleDoes("groove", clickOn("#set-groove"))).startsWith("Groove waltz: at bar");
    choose("dynamic", "FF");
    type("dynamic-beats", "4");
    assertThat(consoleDoes("dynamics", clickOn("#set-dynamics"))).startsWith("Dynamics ff: at bar");
    assertThat(consoleDoes("accent", clickOn("#accent"))).startsWith("Accent: at bar");

    // The play pages follow: D dorian, 3/4, section Verse; their pads now play D dorian.
    for (HeadlessChromium page : List.of(first, second)) {
      waitFor(
          page,
          () ->
              text(page, "key").equals("D dorian")
                  && text(page, "section").equals("Verse")
                  && page.driver.findElements(By.cssSelector("#beat-dots span")).size() == 3,
          "the page follows the console");
      assertThat(
              page.driver
                  .findElement(By.cssSelector("#scale-pads .pad[data-degree='3'] small"))
                  .getText())
          .isEqualTo("F4");
    }

    // The mixer: a strip per player, master gain and backing parts.
    String robin = (String) first.js("return window.attune.state.me");
    waitFor(
        console,
        () -> console.driver.findElements(By.cssSelector("#strips tr")).size() >= 3,
        "the console shows the mixer's strips");
    assertThat(consoleDoes("mute", clickOn("#strips input[aria-label='Mute Robin']")))
        .isEqualTo("Robin muted.");
    waitFor(
        console,
        () ->
            server
                .groups()
                .findByCode(group.joinCode())
                .orElseThrow()
                .mixerState()
                .getStripsList()
                .stream()
                .anyMatch(st -> st.getParticipantId().equals(robin) && st.getMute()),
        "the server muted Robin's strip");
    assertThat(consoleDoes("backing", clickOn("#backing input[value=DRUMS]")))
        .isEqualTo("Backing: drums.");
    // Recording: the button starts it, the server says which file, the button stops it.
    assertThat(consoleDoes("record", clickOn("#record"))).isEqualTo("Recording the mix.");
    waitFor(
        console,
        () -> text(console, "recording-note").startsWith("Recording " + group.id()),
        "the console shows the recording's file");
    assertThat(console.driver.findElement(By.id("record")).getText()).isEqualTo("Stop recording");
    assertThat(consoleDoes("stop recording", clickOn("#record")))
        .isEqualTo("Recording stops; its file is being finished.");
    waitFor(
        console,
        () -> text(console, "recording-note").startsWith("Recorded " + group.id()),
        "the console shows the finished file");
    // Its downloads: the recording, byte for byte as the server wrote it, and the MIDI export.
    String file = text(console, "recording-note").split(" ")[1];
    waitFor(
        console,
        () -> text(console, "downloads").contains("Download " + file),
        "the console lists the recording under Downloads");
    clickOn("#downloads button").run();
    java.nio.file.Path recording =
        server.config().dataDirectory().orElseThrow().recordings(group.id()).resolve(file);
    assertThat(downloaded(file)).isEqualTo(readAllBytes(recording));
    clickOn("#download-midi").run();
    assertThat(new String(downloaded(group.id() + ".mid"), 0, 4, StandardCharsets.US_ASCII))
        .isEqualTo("MThd");
    console.screenshot("console-after-controls");

    // The roster says how each member is connected; removing one asks first, and it is told.
    assertThat(
            console.js(
                "return document.querySelector('#roster-' + arguments[0]"
                    + " + ' td.transport').textContent",
                robin))
        .isEqualTo("ws");
    java.util.concurrent.CompletableFuture<String> removedWhy =
        new java.util.concurrent.CompletableFuture<>();
    try (AttuneClient visitor = AttuneClient.connect("127.0.0.1", server.tcpPort())) {
      visitor.addListener(
          new ClientListener() {
            @Override
            public void onSessionEnded(org.attune.protocol.v1.SessionEnded ended) {
              removedWhy.complete(ended.getReason());
            }
          });
      String visitorId =
          visitor
              .join(group.joinCode(), "Visitor", "tablet", Role.PARTICIPANT, null)
              .get(10, TimeUnit.SECONDS)
              .getParticipantId();
      waitFor(
          console,
          () ->
              !console
                  .driver
                  .findElements(By.cssSelector("#roster-" + visitorId + " button.remove"))
                  .isEmpty(),
          "the console lists the visitor");
      assertThat(
              console.js(
                  "return document.querySelector('#roster-' + arguments[0]"
                      + " + ' td.transport').textContent",
                  visitorId))
          .isEqualTo("tcp");
      WebElement remove =
          console.driver.findElement(By.cssSelector("#roster-" + visitorId + " button.remove"));
      // Below the sticky time panel, in the middle of the window, as a person would scroll to it.
      console.js("arguments[0].scrollIntoView({block: 'center'})", remove);
      remove.click();
      org.openqa.selenium.Alert ask =
          new WebDriverWait(console.driver, WAIT)
              .until(org.openqa.selenium.support.ui.ExpectedConditions.alertIsPresent());
      assertThat(ask.getText()).isEqualTo("Remove Visitor from the session?");
      ask.accept();
      assertThat(removedWhy.get(10, TimeUnit.SECONDS))
          .isEqualTo("The facilitator removed you from the session.");
      waitFor(
          console,
          () -> console.driver.findElements(By.id("roster-" + visitorId)).isEmpty(),
          "the console's roster drops the visitor");
      assertThat(text(console, "message")).isEqualTo("Visitor was removed.");
    } catch (Exception e) {
      throw new AssertionError(e);
    }

    // End session asks first; dismissing it sends nothing.
    console.driver.findElement(By.id("end-session")).click();
    org.openqa.selenium.Alert confirm =
        new WebDriverWait(console.driver, WAIT)
            .until(org.openqa.selenium.support.ui.ExpectedConditions.alertIsPresent());
    assertThat(confirm.getText()).isEqualTo("End the session for everyone now?");
    confirm.dismiss();
  }

  @Test
  @Order(7)
  void withSwitchScanningTheFocusStepsThroughThePadsAndOneSwitchPlaysTheOneInFocus() {
    String sam = (String) second.js("return window.attune.state.me");
    new org.openqa.selenium.support.ui.Select(second.driver.findElement(By.id("scan-interval")))
        .selectByValue("2500");
    second.driver.findElement(By.id("scan")).click();
    assertThat(second.driver.findElement(By.id("scan")).getAttribute("aria-pressed"))
        .isEqualTo("true");
    String firstFocus = (String) second.js("return document.activeElement.textContent");
    waitFor(
        second,
        () -> !firstFocus.equals(second.js("return document.activeElement.textContent")),
        "the focus moved on by itself");
    String focused =
        (String)
            second.js(
                "const a = document.activeElement; return a.classList.contains('scanned') ? a.dataset.degree : null");
    assertThat(focused).as("a scale pad has the focus").isNotNull();
    javaHeard.clear();
    new Actions(second.driver).sendKeys(Keys.SPACE).perform();
    waitFor(
        console,
        () -> javaHeard.stream().anyMatch(g -> g.getParticipantId().equals(sam)),
        "the switch played the pad");
    assertThat(
            javaHeard.stream()
                .filter(g -> g.getParticipantId().equals(sam))
                .map(g -> g.getGesture().getPad().getDegree())
                .findFirst())
        .hasValue(Integer.parseInt(focused));
    second.driver.findElement(By.id("scan")).click();
    assertThat(second.js("return window.attune.scan.on")).isEqualTo(false);
  }

  @Test
  @Order(8)
  void aPageWhoseConnectionDropsComesBackAsTheSameMember() {
    String robin = (String) first.js("return window.attune.state.me");
    first.js("window.attune.connection.socket.close()");
    waitFor(
        first,
        () -> text(first, "status").startsWith("Reconnected as Robin"),
        "the page resumed its membership");
    javaHeard.clear();
    first.driver.findElement(By.cssSelector("#scale-pads .pad[data-degree='5']")).click();
    waitFor(
        console,
        () ->
            javaHeard.stream()
                .anyMatch(
                    g ->
                        g.getParticipantId().equals(robin)
                            && g.getGesture().getPad().getDegree() == 5),
        "the Java client hears the resumed member as the same member");
    assertThat(group.roster().getMembersList())
        .filteredOn(m -> m.getName().equals("Robin"))
        .singleElement()
        .satisfies(m -> assertThat(m.getConnected()).isTrue());
  }
}
