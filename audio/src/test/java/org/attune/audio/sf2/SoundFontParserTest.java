package org.attune.audio.sf2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.attune.audio.sf2.Sf2Builder.zone;

import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Resolution rules of SoundFont 2.04 section 9.4, checked on files built with known generators. */
class SoundFontParserTest {

  private static SoundFont parse(Sf2Builder b) throws SoundFontException {
    return SoundFontParser.read("test.sf2", b.build());
  }

  private static Region only(SoundFont font, int bank, int program) {
    List<Region> regions = font.preset(bank, program).orElseThrow().regions();
    assertThat(regions).hasSize(1);
    return regions.get(0);
  }

  @Test
  void fontNameIsInamElseTheGivenName() throws SoundFontException {
    Sf2Builder b = new Sf2Builder("Tiny Font");
    int s = b.sine("sine", 2000, 440, 44100, 69);
    b.preset("P", 0, 0, zone().instrument(b.instrument("I", zone().sample(s))));
    assertThat(parse(b).name()).isEqualTo("Tiny Font");
    assertThat(parse(b.omit("INAM")).name()).isEqualTo("test.sf2");
  }

  @Test
  void samplePoolHoldsTheFramesAndRegionsPointIntoIt() throws SoundFontException {
    Sf2Builder b = new Sf2Builder("t");
    int first = b.sine("a", 1000, 440, 44100, 69);
    int second = b.sample("b", new short[] {1, -2, 3, -4, 32767, -32768}, 22050, 60, 0, 1, 5);
    b.preset("P", 0, 0, zone().instrument(b.instrument("I", zone().sample(first))));
    b.preset("Q", 0, 1, zone().instrument(b.instrument("J", zone().sample(second))));
    SoundFont font = parse(b);

    Region r = only(font, 0, 1);
    int at = b.sampleStart(second);
    assertThat(r.start()).isEqualTo(at);
    assertThat(r.end()).isEqualTo(at + 6);
    assertThat(r.loopStart()).isEqualTo(at + 1);
    assertThat(r.loopEnd()).isEqualTo(at + 5);
    assertThat(r.sampleRate()).isEqualTo(22050);
    assertThat(java.util.Arrays.copyOfRange(font.pcm(), r.start(), r.end()))
        .containsExactly(1f, -2f, 3f, -4f, 32767f, -32768f);
    assertThat(font.pcm()[only(font, 0, 0).start() + 1])
        .isEqualTo((float) Math.round(16000 * Math.sin(2 * Math.PI * 440 / 44100)));
  }

  @Test
  void instrumentGlobalZoneGivesDefaultsThatLocalZonesOverride() throws SoundFontException {
    Sf2Builder b = new Sf2Builder("t");
    int s = b.sine("s", 2000, 440, 44100, 69);
    int inst =
        b.instrument(
            "I",
            zone()
                .gen(Generator.INITIAL_ATTENUATION, 60)
                .gen(Generator.PAN, 200)
                .gen(Generator.RELEASE_VOL_ENV, 1200),
            zone().keys(0, 59).gen(Generator.PAN, -500).sample(s),
            zone().keys(60, 127).sample(s));
    b.preset("P", 0, 0, zone().instrument(inst));
    List<Region> regions = parse(b).preset(0, 0).orElseThrow().regions();

    assertThat(regions).hasSize(2);
    Region low = regions.get(0);
    Region high = regions.get(1);
    assertThat(low.pan()).isEqualTo(-1f);
    assertThat(high.pan()).isEqualTo(0.4f);
    assertThat(low.attenuationDb()).isEqualTo(6f);
    assertThat(high.attenuationDb()).isEqualTo(6f);
    assertThat(low.volume().releaseSeconds()).isCloseTo(2.0, within(1e-9));
    assertThat(high.volume().releaseSeconds()).isCloseTo(2.0, within(1e-9));
  }

  @Test
  void presetZonesAddToTheInstrumentAndTheLocalOneOverridesThePresetGlobal()
      throws SoundFontException {
    Sf2Builder b = new Sf2Builder("t");
    int s = b.sample("s", new short[2000], 44100, 60, -7, 100, 1900);
    int inst =
        b.instrument(
            "I",
            zone()
                .gen(Generator.ATTACK_VOL_ENV, -1200)
                .gen(Generator.COARSE_TUNE, 1)
                .gen(Generator.FINE_TUNE, 10)
                .gen(Generator.INITIAL_ATTENUATION, 100)
                .sample(s));
    b.preset(
        "P",
        0,
        0,
        zone()
            .gen(Generator.ATTACK_VOL_ENV, 1200)
            .gen(Generator.COARSE_TUNE, 2)
            .gen(Generator.INITIAL_ATTENUATION, 50),
        zone().gen(Generator.COARSE_TUNE, 3).instrument(inst));
    Region r = only(parse(b), 0, 0);

    assertThat(r.volume().attackSeconds()).isCloseTo(1.0, within(1e-9));
    assertThat(r.tuneCents()).isEqualTo(400 + 10 - 7);
    assertThat(r.attenuationDb()).isEqualTo(15f);
  }

  @Test
  void instrumentOnlyGeneratorsAreIgnoredInPresetZones() throws SoundFontException {
    Sf2Builder b = new Sf2Builder("t");
    int s = b.sine("s", 2000, 440, 44100, 69);
    int inst = b.instrument("I", zone().sample(s));
    b.preset(
        "P",
        0,
        0,
        zone()
            .gen(Generator.START_ADDRS_OFFSET, 10)
            .gen(Generator.END_ADDRS_OFFSET, -10)
            .gen(Generator.OVERRIDING_ROOT_KEY, 40)
            .gen(Generator.SAMPLE_MODES, 1)
            .gen(Generator.EXCLUSIVE_CLASS, 5)
            .instrument(inst));
    Region r = only(parse(b), 0, 0);

    assertThat(r.start()).isEqualTo(b.sampleStart(s));
    assertThat(r.end()).isEqualTo(b.sampleStart(s) + 2000);
    assertThat(r.rootKey()).isEqualTo(69);
    assertThat(r.loopMode()).isEqualTo(LoopMode.NONE);
    assertThat(r.exclusiveClass()).isZero();
  }

  @Test
  void keyAndVelocityRangesOfPresetAndInstrumentZonesIntersect() throws SoundFontException {
    Sf2Builder b = new Sf2Builder("t");
    int s = b.sine("s", 2000, 440, 44100, 69);
    int inst =
        b.instrument(
            "I",
            zone().keys(0, 50).vels(0, 63).sample(s),
            zone().keys(51, 60).sample(s),
            zone().keys(80, 90).sample(s));
    b.preset("P", 0, 0, zone().keys(40, 70).vels(20, 100).instrument(inst));
    Preset p = parse(b).preset(0, 0).orElseThrow();

    assertThat(p.regions())
        .extracting(Region::loKey, Region::hiKey, Region::loVel, Region::hiVel)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(40, 50, 20, 63),
            org.assertj.core.groups.Tuple.tuple(51, 60, 20, 100));
    Region[] out = new Region[4];
    assertThat(p.regionsFor(45, 50, out)).isEqualTo(1);
    assertThat(out[0].hiKey()).isEqualTo(50);
    assertThat(p.regionsFor(45, 64, out)).isZero();
    assertThat(p.regionsFor(85, 64, out)).isZero();
    assertThat(p.regionsFor(39, 50, out)).isZero();
  }

  @Test
  void presetGlobalRangeIsTheDefaultForItsLocalZones() throws SoundFontException {
    Sf2Builder b = new Sf2Builder("t");
    int s = b.sine("s", 2000, 440, 44100, 69);
    int inst = b.instrument("I", zone().sample(s));
    b.preset(
        "P",
        0,
        0,
        zone().keys(30, 40),
        zone().instrument(inst),
        zone().keys(35, 90).instrument(inst));
    assertThat(parse(b).preset(0, 0).orElseThrow().regions())
        .extracting(Region::loKey, Region::hiKey)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(30, 40),
            org.assertj.core.groups.Tuple.tuple(35, 90));
  }

  @Test
  void sampleOffsetsMoveStartEndAndLoopInFineAndCoarseSteps() throws SoundFontException {
    Sf2Builder b = new Sf2Builder("t");
    b.sine("padding", 100, 440, 44100, 69);
    int s = b.sample("long", new short[200_000], 44100, 60, 0, 80_000, 190_000);
    int inst =
        b.instrument(
            "I",
            zone()
                .gen(Generator.START_ADDRS_OFFSET, 10)
                .gen(Generator.START_ADDRS_COARSE_OFFSET, 1)
                .gen(Generator.END_ADDRS_OFFSET, -20)
                .gen(Generator.STARTLOOP_ADDRS_OFFSET, 5)
                .gen(Generator.STARTLOOP_ADDRS_COARSE_OFFSET, -1)
                .gen(Generator.ENDLOOP_ADDRS_OFFSET, -5)
                .gen(Generator.ENDLOOP_ADDRS_COARSE_OFFSET, 0)
                .gen(Generator.SAMPLE_MODES, 3)
                .sample(s));
    b.preset("P", 0, 0, zone().instrument(inst));
    Region r = only(parse(b), 0, 0);
    int at = b.sampleStart(s);

    assertThat(at).isEqualTo(100 + Sf2Builder.GUARD_FRAMES);
    assertThat(r.start()).isEqualTo(at + 32768 + 10);
    assertThat(r.end()).isEqualTo(at + 200_000 - 20);
    assertThat(r.loopStart()).isEqualTo(at + 80_000 - 32768 + 5);
    assertThat(r.loopEnd()).isEqualTo(at + 190_000 - 5);
    assertThat(r.loopMode()).isEqualTo(LoopMode.UNTIL_RELEASE);
  }

  @Test
  void offsetsPastTheSampleAreClampedIntoIt() throws SoundFontException {
    Sf2Builder b = new Sf2Builder("t");
    b.sine("padding", 100, 440, 44100, 69);
    int s = b.sample("s", new short[1000], 44100, 60, 0, 100, 900);
    int inst =
        b.instrument(
            "I",
            zone()
                .gen(Generator.START_ADDRS_OFFSET, -500)
                .gen(Generator.END_ADDRS_OFFSET, 700)
                .gen(Generator.SAMPLE_MODES, 1)
                .sample(s));
    b.preset("P", 0, 0, zone().instrument(inst));
    Region r = only(parse(b), 0, 0);
    int at = b.sampleStart(s);

    assertThat(r.start()).isEqualTo(at);
    assertThat(r.end()).isEqualTo(at + 1000);
    assertThat(r.loopStart()).isEqualTo(at + 100);
    assertThat(r.loopEnd()).isEqualTo(at + 900);
    assertThat(r.loopMode()).isEqualTo(LoopMode.CONTINUOUS);
  }

  @Test
  void aLoopOutsideTheSampleOrEmptyDoesNotLoop() throws SoundFontException {
    Sf2Builder b = new Sf2Builder("t");
    int s = b.sample("s", new short[1000], 44100, 60, 0, 100, 900);
    int empty = b.sample("e", new short[1000], 44100, 60, 0, 500, 500);
    int inst =
        b.instrument(
            "I",
            zone()
                .keys(0, 10)
                .gen(Generator.ENDLOOP_ADDRS_OFFSET, 200)
                .gen(Generator.SAMPLE_MODES, 1)
                .sample(s),
            zone().keys(11, 20).gen(Generator.SAMPLE_MODES, 1).sample(empty),
            zone()
                .keys(21, 30)
                .gen(Generator.STARTLOOP_ADDRS_OFFSET, -200)
                .gen(Generator.SAMPLE_MODES, 1)
                .sample(s));
    b.preset("P", 0, 0, zone().instrument(inst));
    List<Region> regions = parse(b).preset(0, 0).orElseThrow().regions();

    assertThat(regions)
        .hasSize(3)
        .allSatisfy(
            r -> {
              assertThat(r.loopMode()).isEqualTo(LoopMode.NONE);
              assertThat(r.loopStart()).isEqualTo(r.start());
              assertThat(r.loopEnd()).isEqualTo(r.end());
            });
  }

  @Test
  void envelopeTimecentsBecomeSecondsAndSustainCentibelsALevel() throws SoundFontException {
    Sf2Builder b = new Sf2Builder("t");
    int s = b.sine("s", 2000, 440, 44100, 69);
    int inst =
        b.instrument(
            "I",
            zone()
                .gen(Generator.DELAY_VOL_ENV, -12000)
                .gen(Generator.ATTACK_VOL_ENV, 0)
                .gen(Generator.HOLD_VOL_ENV, 1200)
                .gen(Generator.DECAY_VOL_ENV, -2400)
                .gen(Generator.SUSTAIN_VOL_ENV, 200)
                .gen(Generator.RELEASE_VOL_ENV, 2400)
                .gen(Generator.KEYNUM_TO_VOL_ENV_HOLD, 50)
                .gen(Generator.KEYNUM_TO_VOL_ENV_DECAY, -100)
                .sample(s));
    b.preset("P", 0, 0, zone().instrument(inst));
    Envelope e = only(parse(b), 0, 0).volume();

    assertThat(e.delaySeconds()).isCloseTo(Math.pow(2, -10), within(1e-12));
    assertThat(e.attackSeconds()).isCloseTo(1.0, within(1e-12));
    assertThat(e.holdSeconds()).isCloseTo(2.0, within(1e-12));
    assertThat(e.decaySeconds()).isCloseTo(0.25, within(1e-12));
    assertThat(e.sustainLevel()).isCloseTo(0.1, within(1e-12));
    assertThat(e.releaseSeconds()).isCloseTo(4.0, within(1e-12));
    assertThat(e.holdKeyCents()).isEqualTo(50);
    assertThat(e.decayKeyCents()).isEqualTo(-100);
  }

  @Test
  void unsetGeneratorsTakeTheSoundFontDefaults() throws SoundFontException {
    Sf2Builder b = new Sf2Builder("t");
    int s = b.sample("s", new short[2000], 32000, 72, 3, 100, 1900);
    b.preset("P", 0, 0, zone().instrument(b.instrument("I", zone().sample(s))));
    Region r = only(parse(b), 0, 0);

    assertThat(r.volume().attackSeconds()).isCloseTo(Math.pow(2, -10), within(1e-12));
    assertThat(r.volume().sustainLevel()).isEqualTo(1.0);
    assertThat(r.filterCutoffHz()).isGreaterThanOrEqualTo(20_000f);
    assertThat(r.filterQDb()).isZero();
    assertThat(r.attenuationDb()).isZero();
    assertThat(r.pan()).isZero();
    assertThat(r.rootKey()).isEqualTo(72);
    assertThat(r.tuneCents()).isEqualTo(3);
    assertThat(r.scaleTuningCents()).isEqualTo(100);
    assertThat(r.loopMode()).isEqualTo(LoopMode.NONE);
    assertThat(r.velocityAttenuationCb()).isEqualTo(960f);
    assertThat(List.of(r.loKey(), r.hiKey(), r.loVel(), r.hiVel())).containsExactly(0, 127, 0, 127);
  }

  @Test
  void filterPanAttenuationAndTuningConvertToPlayerUnits() throws SoundFontException {
    Sf2Builder b = new Sf2Builder("t");
    int s = b.sample("s", new short[2000], 44100, 69, -7, 100, 1900);
    int inst =
        b.instrument(
            "I",
            zone()
                .keys(0, 63)
                .gen(Generator.INITIAL_FILTER_FC, 6900)
                .gen(Generator.INITIAL_FILTER_Q, 30)
                .gen(Generator.PAN, 250)
                .gen(Generator.INITIAL_ATTENUATION, 120)
                .gen(Generator.OVERRIDING_ROOT_KEY, 57)
                .gen(Generator.SCALE_TUNING, 50)
                .gen(Generator.EXCLUSIVE_CLASS, 3)
                .sample(s),
            zone()
                .keys(64, 127)
                .gen(Generator.INITIAL_FILTER_FC, 13400)
                .gen(Generator.PAN, -900)
                .gen(Generator.INITIAL_ATTENUATION, 3000)
                .sample(s));
    b.preset("P", 0, 0, zone().instrument(inst));
    List<Region> regions = parse(b).preset(0, 0).orElseThrow().regions();
    Region r = regions.get(0);
    Region clamped = regions.get(1);

    assertThat(r.filterCutoffHz()).isCloseTo(440f, within(0.5f));
    assertThat(r.filterQDb()).isEqualTo(3f);
    assertThat(r.pan()).isEqualTo(0.5f);
    assertThat(r.attenuationDb()).isEqualTo(12f);
    assertThat(r.rootKey()).isEqualTo(57);
    assertThat(r.tuneCents()).isEqualTo(-7);
    assertThat(r.scaleTuningCents()).isEqualTo(50);
    assertThat(r.exclusiveClass()).isEqualTo(3);
    assertThat(clamped.filterCutoffHz())
        .isCloseTo((float) (8.176 * Math.pow(2, 13400 / 1200.0)), within(1f))
        .isLessThan(20_000f);
    assertThat(clamped.pan()).isEqualTo(-1f);
    assertThat(clamped.attenuationDb()).isEqualTo(144f);
  }

  @Test
  void velocityModulatorReplacesTheDefaultAtInstrumentLevelAndAddsAtPresetLevel()
      throws SoundFontException {
    Sf2Builder b = new Sf2Builder("t");
    int s = b.sine("s", 2000, 440, 44100, 69);
    int inst =
        b.instrument(
            "I",
            zone().velocityToAttenuation(480),
            zone().keys(0, 10).sample(s),
            zone().keys(11, 20).velocityToAttenuation(240).sample(s),
            zone()
                .keys(21, 30)
                .modulator(0x0102, Generator.INITIAL_ATTENUATION, 100, 0, 0)
                .sample(s));
    b.preset("P", 0, 0, zone().instrument(inst));
    b.preset("Q", 0, 1, zone().velocityToAttenuation(100).instrument(inst));
    SoundFont font = parse(b);

    assertThat(font.preset(0, 0).orElseThrow().regions())
        .extracting(Region::velocityAttenuationCb)
        .containsExactly(480f, 240f, 480f);
    assertThat(font.preset(0, 1).orElseThrow().regions())
        .extracting(Region::velocityAttenuationCb)
        .containsExactly(580f, 340f, 580f);
  }

  @Test
  void generatorsAfterTheLinkAndUnknownOnesAreIgnored() throws SoundFontException {
    Sf2Builder b = new Sf2Builder("t");
    int s = b.sine("s", 2000, 440, 44100, 69);
    int inst =
        b.instrument(
            "I",
            zone().gen(99, 1234).gen(Generator.PAN, 100).sample(s).afterLink(Generator.PAN, -500));
    b.preset("P", 0, 0, zone().instrument(inst).afterLink(Generator.PAN, 300));
    assertThat(only(parse(b), 0, 0).pan()).isEqualTo(0.2f);
  }

  @Test
  void romSamplesAndLinklessLocalZonesAreSkipped() throws SoundFontException {
    Sf2Builder b = new Sf2Builder("t");
    int ram = b.sine("ram", 2000, 440, 44100, 69);
    int rom = b.sample("rom", new short[2000], 44100, 60, 0, 0, 0, 0x8001);
    int inst =
        b.instrument(
            "I",
            zone().keys(0, 10).sample(rom),
            zone().keys(11, 20).sample(ram),
            zone().keys(21, 30));
    b.preset("P", 0, 0, zone().instrument(inst));
    assertThat(only(parse(b), 0, 0).loKey()).isEqualTo(11);
  }

  @Test
  void stereoPairsBecomeTwoPannedRegions() throws SoundFontException {
    Sf2Builder b = new Sf2Builder("t");
    int left = b.sample("L", new short[1000], 44100, 60, 0, 10, 900, 4);
    int right = b.sample("R", new short[1000], 44100, 60, 0, 10, 900, 2);
    int inst =
        b.instrument(
            "I",
            zone().gen(Generator.PAN, -500).sample(left),
            zone().gen(Generator.PAN, 500).sample(right));
    b.preset("P", 0, 0, zone().instrument(inst));
    assertThat(parse(b).preset(0, 0).orElseThrow().regions())
        .extracting(Region::pan, Region::start)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(-1f, b.sampleStart(left)),
            org.assertj.core.groups.Tuple.tuple(1f, b.sampleStart(right)));
  }

  @Test
  void readsFromTheBuffersRemainingBytesWithoutMovingIt() throws SoundFontException {
    Sf2Builder b = new Sf2Builder("t");
    int s = b.sine("s", 2000, 440, 44100, 69);
    b.preset("P", 0, 0, zone().instrument(b.instrument("I", zone().sample(s))));
    byte[] file = b.build();
    ByteBuffer withHeader = ByteBuffer.allocate(file.length + 16);
    withHeader.position(16);
    withHeader.put(file).position(16);
    SoundFont font = SoundFontParser.read("x.sf2", withHeader);
    assertThat(font.pcm()).hasSize(2000 + Sf2Builder.GUARD_FRAMES);
    assertThat(withHeader.position()).isEqualTo(16);
  }

  @Test
  void readsAFileByPathAndNamesAMissingOne(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    Sf2Builder b = new Sf2Builder("On disk");
    int s = b.sine("s", 2000, 440, 44100, 69);
    b.preset("P", 0, 0, zone().instrument(b.instrument("I", zone().sample(s))));
    java.nio.file.Path file = java.nio.file.Files.write(dir.resolve("disk.sf2"), b.build());
    assertThat(SoundFontParser.read(file).name()).isEqualTo("On disk");
    assertThatThrownBy(() -> SoundFontParser.read(dir.resolve("gone.sf2")))
        .isInstanceOf(SoundFontException.class)
        .hasMessageStartingWith(
            "gone.sf2: file: cannot be read: java.nio.file.NoSuchFileException");
  }

  @Test
  void aPresetWithNothingPlayableIsAnError() {
    Sf2Builder b = new Sf2Builder("t");
    int s = b.sine("s", 2000, 440, 44100, 69);
    int inst = b.instrument("I", zone().keys(20, 30).sample(s));
    b.preset("Good", 0, 0, zone().instrument(inst));
    b.preset("Apart", 0, 1, zone().keys(0, 10).instrument(inst));
    assertThatThrownBy(() -> parse(b))
        .isInstanceOf(SoundFontException.class)
        .hasMessage(
            "test.sf2: pdta/phdr: preset 0:1 \"Apart\" has no playable region: no"
                + " instrument zone overlaps its preset zones' key and velocity ranges");
  }
}
