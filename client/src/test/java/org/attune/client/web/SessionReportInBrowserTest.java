package org.attune.client.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.attune.client.AttuneClient;
import org.attune.protocol.v1.Gesture;
import org.attune.protocol.v1.NoteOff;
import org.attune.protocol.v1.NoteOn;
import org.attune.protocol.v1.Role;
import org.attune.server.AttuneServer;
import org.attune.server.ServerConfig;
import org.attune.server.group.Group;
import org.attune.server.journal.DataDirectory;
import org.attune.server.journal.export.MemberObservation;
import org.attune.server.journal.export.SessionObservations;
import org.attune.server.journal.export.SessionReportPage;
import org.attune.server.journal.export.SessionScore;
import org.attune.server.journal.export.SessionScoreReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

/**
 * The session report of a real session: a server journals two members who play (one a note every
 * half second, one only a few), the report is made from that journal as {@code attune sessions
 * report} makes it, and headless Chromium renders it: the form's plot, the members' table and one
 * plot per member, with a screenshot in {@code target/screenshots/session-report.png}.
 */
class SessionReportInBrowserTest {

  @TempDir Path data;

  @Test
  void theReportOfARealSessionRendersWithItsPlotsAndEveryMember() throws Exception {
    HeadlessChromium.assumeInstalled();
    DataDirectory directory = new DataDirectory(data);
    Group group;
    try (AttuneServer server =
        AttuneServer.start(ServerConfig.onFreePorts().withDataDirectory(directory))) {
      group = server.groups().create("Report group");
      try (AttuneClient steady = AttuneClient.connect("127.0.0.1", server.tcpPort());
          AttuneClient sparse = AttuneClient.connect("127.0.0.1", server.tcpPort())) {
        steady
            .join(group.joinCode(), "Robin", "marimba", Role.PARTICIPANT, null)
            .get(10, TimeUnit.SECONDS);
        sparse
            .join(group.joinCode(), "Sam", "piano", Role.PARTICIPANT, null)
            .get(10, TimeUnit.SECONDS);
        for (int i = 0; i < 16; i++) {
          note(steady, 60 + i % 8);
          if (i % 5 == 0) {
            note(sparse, 48);
          }
          Thread.sleep(500);
        }
      }
    }
    SessionScore score = SessionScoreReader.read(directory.journal(group.id()));
    List<MemberObservation> members = SessionObservations.of(score);
    assertThat(members).extracting(MemberObservation::name).containsExactly("Robin", "Sam");
    assertThat(members.get(0).onsets()).isEqualTo(16);
    assertThat(members.get(1).onsets()).isEqualTo(4);
    Path page = Files.createDirectories(Path.of("target", "report").toAbsolutePath());
    Path file = page.resolve("session-report.html");
    Files.writeString(file, SessionReportPage.html(score, members));

    try (HeadlessChromium browser = new HeadlessChromium("session-report")) {
      browser.driver.get(file.toUri().toString());
      assertThat(browser.driver.getTitle()).isEqualTo("Session report: Report group");
      assertThat(browser.driver.findElements(By.cssSelector("svg"))).hasSize(3);
      assertThat(browser.driver.findElements(By.cssSelector("tbody tr"))).hasSize(2);
      assertThat(browser.driver.findElement(By.cssSelector("tbody")).getText())
          .contains("Robin", "16", "Sam", "Marimba");
      Object width =
          browser.js("return document.querySelector('svg').getBoundingClientRect().width");
      assertThat(((Number) width).doubleValue()).as("the form's plot is drawn").isGreaterThan(800);
      browser.screenshot("session-report");
    }
  }

  private static void note(AttuneClient member, int pitch) {
    member.sendGesture(
        Gesture.newBuilder()
            .setNoteOn(NoteOn.newBuilder().setPitch(pitch))
            .setVelocity(0.7f)
            .build());
    member.sendGesture(
        Gesture.newBuilder().setNoteOff(NoteOff.newBuilder().setPitch(pitch)).build());
  }
}
