package org.attune.server.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SecretStrengthTest {

  @Test
  void generatedCodesAndKeysMeetTheMinimum() {
    for (int i = 0; i < 2_000; i++) {
      assertThat(SecretStrength.joinCodeProblem(Secrets.joinCode())).isEmpty();
      assertThat(SecretStrength.facilitatorKeyProblem(Secrets.facilitatorKey())).isEmpty();
    }
  }

  @Test
  void aFourDigitKeyAndOtherGuessableKeysAreRefused() {
    assertThat(SecretStrength.facilitatorKeyProblem("4711"))
        .contains("a facilitator key needs 12 to 128 characters, not 4");
    assertThat(SecretStrength.facilitatorKeyProblem("aaaaaaaaaaaaaaaa"))
        .get()
        .asString()
        .contains("8 different characters");
    assertThat(SecretStrength.facilitatorKeyProblem("secretpasswd"))
        .get()
        .asString()
        .contains("60 bits");
    assertThat(SecretStrength.facilitatorKeyProblem("two words here!"))
        .get()
        .asString()
        .contains("no spaces");
    assertThat(SecretStrength.facilitatorKeyProblem("Tuesday-Group-42x")).isEmpty();
    assertThat(SecretStrength.facilitatorKeyProblem("secretpasswdx")).isEmpty();
  }

  @Test
  void joinCodesNeedEightCharactersOfTheAlphabetWhateverTheCaseAndDashes() {
    assertThat(SecretStrength.joinCodeProblem("k7qhm-3zpx2")).isEmpty();
    assertThat(SecretStrength.joinCodeProblem("AB-CD")).get().asString().contains("not 4");
    assertThat(SecretStrength.joinCodeProblem("DEMO1-DEMO2")).get().asString().contains("not 'O'");
    assertThat(SecretStrength.joinCodeProblem("AAAA-BBBB"))
        .get()
        .asString()
        .contains("5 different characters");
  }

  @Test
  void aRegistryCreatesGroupsWithChosenSecretsOnlyIfStrongUnlessForAnInsecureDemo() {
    io.netty.channel.embedded.EmbeddedChannel channel =
        new io.netty.channel.embedded.EmbeddedChannel();
    GroupRegistry registry =
        new GroupRegistry(
            channel.eventLoop(),
            org.attune.clock.ServerClock.startingNow(),
            org.attune.server.ServerConfig.onFreePorts().groupSettings(),
            channel.alloc(),
            org.attune.server.metrics.GroupMeters.newStats(
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry()));
    assertThatThrownBy(() -> registry.create("weak", "K7QHM-3ZPX2", "1234"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("facilitator key needs 12");
    assertThat(registry.count()).isZero();
    Group demo = registry.createInsecureDemo("demo", "DEMO-2345", "1234");
    assertThat(demo.facilitatorKey()).isEqualTo("1234");
    assertThat(registry.create("strong", "K7QHM-3ZPX2", "Tuesday-Group-42x").joinCode())
        .isEqualTo("K7QHM-3ZPX2");
    registry.groups().forEach(Group::close);
    channel.finishAndReleaseAll();
  }
}
