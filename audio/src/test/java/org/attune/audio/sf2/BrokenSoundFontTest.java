package org.attune.audio.sf2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;
import static org.attune.audio.sf2.Sf2Builder.zone;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Bad and truncated files give a SoundFontException that names the chunk, and nothing else. */
class BrokenSoundFontTest {

  private static final String CHUNK_MESSAGE = "test\\.sf2: (RIFF|INFO|sdta|pdta)(/.{4})?: .+";

  /** A font using every table: global zones, modulators, two presets, three samples. */
  private static Sf2Builder font() {
    Sf2Builder b = new Sf2Builder("Broken on purpose");
    int a = b.sine("a", 300, 440, 44100, 69);
    int c = b.sine("c", 301, 523.25, 44100, 72);
    int d = b.sine("d", 200, 100, 22050, 43);
    int piano =
        b.instrument(
            "Piano",
            zone().gen(Generator.RELEASE_VOL_ENV, 0).velocityToAttenuation(480),
            zone().keys(0, 70).sample(a),
            zone().keys(71, 127).gen(Generator.PAN, 100).sample(c));
    int kit = b.instrument("Kit", zone().keys(36, 36).gen(Generator.EXCLUSIVE_CLASS, 1).sample(d));
    b.preset("Piano", 0, 0, zone().gen(Generator.COARSE_TUNE, 1), zone().instrument(piano));
    b.preset("Kit", 128, 0, zone().velocityToAttenuation(10).instrument(kit));
    return b;
  }

  private static SoundFont parse(byte[] file) throws SoundFontException {
    return SoundFontParser.read("test.sf2", file);
  }

  private static void setU32(byte[] file, int at, long value) {
    ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).putInt(at, (int) value);
  }

  private static void setU16(byte[] file, int at, int value) {
    ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).putShort(at, (short) value);
  }

  private static int u32(byte[] file, int at) {
    return ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).getInt(at);
  }

  /** The offset of the first generator record with operator {@code op} in chunk {@code id}. */
  private static int generator(Sf2Builder b, byte[] file, String id, int op) {
    int at = b.dataOffset(id);
    int end = at + u32(file, at - 4);
    for (; at < end; at += 4) {
      if ((file[at] & 0xFF | (file[at + 1] & 0xFF) << 8) == op) {
        return at;
      }
    }
    throw new AssertionError("no generator " + op + " in " + id);
  }

  @Test
  void theIntactFontParses() throws SoundFontException {
    SoundFont f = parse(font().build());
    assertThat(f.presets()).extracting(Preset::name).containsExactly("Piano", "Kit");
    assertThat(f.preset(0, 0).orElseThrow().regions()).hasSize(2);
  }

  @Test
  void aFileCutAtAnyLengthGivesAnErrorNamingAChunk() {
    byte[] file = font().build();
    for (int length = 0; length < file.length; length++) {
      byte[] cut = Arrays.copyOf(file, length);
      assertThatThrownBy(() -> parse(cut))
          .as("cut at %d of %d", length, file.length)
          .isInstanceOf(SoundFontException.class)
          .hasMessageMatching(CHUNK_MESSAGE);
    }
  }

  @Test
  void aCutInsideAChunkNamesThatChunk() {
    Sf2Builder b = font();
    byte[] file = b.build();
    for (String id : List.of("pgen", "shdr", "smpl", "ibag")) {
      String path = id.equals("smpl") ? "sdta/smpl" : "pdta/" + id;
      byte[] cut = Arrays.copyOf(file, b.dataOffset(id) + 3);
      assertThatThrownBy(() -> parse(cut))
          .isInstanceOf(SoundFontException.class)
          .hasMessageStartingWith("test.sf2: " + path + ": truncated: size ");
    }
  }

  @Test
  void aCutBetweenChunksNamesTheListThatLostThem() {
    Sf2Builder b = font();
    byte[] file = b.build();
    byte[] cut = Arrays.copyOf(file, b.dataOffset("igen") - 8);
    assertThatThrownBy(() -> parse(cut))
        .isInstanceOf(SoundFontException.class)
        .hasMessageStartingWith("test.sf2: pdta: truncated: the file ends at " + cut.length);
  }

  @Test
  void aRealFontCutAtEveryFiftiethGivesAnErrorNamingAChunk() throws Exception {
    Path tim = Path.of("/usr/share/sounds/sf2/TimGM6mb.sf2");
    Assumptions.assumeTrue(Files.isRegularFile(tim), "TimGM6mb.sf2 is not installed");
    byte[] file = Files.readAllBytes(tim);
    for (int k = 1; k < 50; k++) {
      ByteBuffer cut = ByteBuffer.wrap(file, 0, (int) ((long) file.length * k / 50));
      assertThatThrownBy(() -> SoundFontParser.read("TimGM6mb.sf2", cut))
          .isInstanceOf(SoundFontException.class)
          .hasMessageMatching("TimGM6mb\\.sf2: (RIFF|INFO|sdta|pdta)(/.{4})?: .+");
    }
  }

  @Test
  void aTableThatIsNotWholeRecordsIsAnError() {
    for (String id :
        List.of("phdr", "pbag", "pmod", "pgen", "inst", "ibag", "imod", "igen", "shdr")) {
      Sf2Builder b = font().pad(id, 2);
      int size = u32(b.build(), b.dataOffset(id) - 4);
      int record =
          List.of("phdr", "inst", "shdr").contains(id)
              ? Map.of("phdr", 38, "inst", 22, "shdr", 46).get(id)
              : id.endsWith("mod") ? 10 : 4;
      assertThatThrownBy(() -> parse(b.build()))
          .isInstanceOf(SoundFontException.class)
          .hasMessage(
              "test.sf2: pdta/" + id + ": size " + size + " is not a multiple of " + record);
    }
  }

  @Test
  void aSampleChunkOfOddSizeIsAnError() {
    Sf2Builder b = font().pad("smpl", 1);
    assertThatThrownBy(() -> parse(b.build()))
        .isInstanceOf(SoundFontException.class)
        .hasMessageMatching("test\\.sf2: sdta/smpl: size \\d+ is not a multiple of 2");
  }

  @Test
  void aChunkLargerThanTheFileIsTruncated() {
    Sf2Builder b = font();
    byte[] file = b.build();
    setU32(file, b.dataOffset("smpl") - 4, 0xFFFF_FFF0L);
    assertThatThrownBy(() -> parse(file))
        .isInstanceOf(SoundFontException.class)
        .hasMessageStartingWith("test.sf2: sdta/smpl: truncated: size 4294967280 at offset");
  }

  @Test
  void aRiffSizeLargerThanTheFileIsTruncated() {
    byte[] file = font().build();
    setU32(file, 4, file.length);
    assertThatThrownBy(() -> parse(file))
        .isInstanceOf(SoundFontException.class)
        .hasMessage(
            "test.sf2: RIFF: truncated: the file ends at "
                + file.length
                + " bytes, the list's size says it runs to "
                + (file.length + 8));
  }

  @Test
  void aChunkRunningPastItsListIsAnError() {
    Sf2Builder b = font();
    byte[] file = b.build();
    int shdrSize = u32(file, b.dataOffset("shdr") - 4);
    int pdtaSizeAt = b.dataOffset("phdr") - 16;
    setU32(file, pdtaSizeAt, u32(file, pdtaSizeAt) - 4);
    setU32(file, 4, u32(file, 4) - 4);
    assertThatThrownBy(() -> parse(file))
        .isInstanceOf(SoundFontException.class)
        .hasMessage("test.sf2: pdta/shdr: size " + shdrSize + " runs 4 bytes past its parent");
  }

  @Test
  void aChunkAfterOneOfTheWrongSizeIsNamedAsRead() {
    Sf2Builder b = font();
    byte[] file = b.build();
    int infoSizeAt = b.dataOffset("ifil") - 16;
    setU32(file, infoSizeAt, u32(file, infoSizeAt) - 4);
    assertThatThrownBy(() -> parse(file))
        .isInstanceOf(SoundFontException.class)
        .hasMessage(
            "test.sf2: RIFF/ose?: truncated: size 1414744396 at offset 74 needs the file to"
                + " run to 1414744478 bytes, it has 2556 (\"ose?\" is no SoundFont chunk: the chunk"
                + " before it may have the wrong size)");
  }

  @Test
  void everyChunkSizeOffByAFewBytesGivesOnlySoundFontExceptions() {
    Sf2Builder b = font();
    byte[] file = b.build();
    int failures = 0;
    int cases = 0;
    for (String id :
        List.of(
            "ifil", "isng", "INAM", "smpl", "phdr", "pbag", "pmod", "pgen", "inst", "ibag", "imod",
            "igen", "shdr")) {
      int at = b.dataOffset(id) - 4;
      for (int delta : new int[] {-46, -38, -22, -10, -4, -2, -1, 1, 2, 4, 10, 22, 38, 46, 1000}) {
        byte[] bad = file.clone();
        setU32(bad, at, u32(file, at) + delta);
        cases++;
        try {
          parse(bad);
        } catch (SoundFontException e) {
          assertThat(e).hasMessageMatching(CHUNK_MESSAGE);
          failures++;
        }
      }
    }
    // A chunk shortened into the zero guard frames after the last sample is still a good file.
    assertThat(failures).isGreaterThan(cases * 9 / 10);
  }

  @Test
  void eachRequiredChunkThatIsMissingIsNamed() {
    for (String id :
        List.of(
            "INFO", "sdta", "smpl", "pdta", "phdr", "pbag", "pmod", "pgen", "inst", "ibag", "imod",
            "igen", "shdr")) {
      String path =
          List.of("INFO", "sdta", "pdta").contains(id)
              ? id
              : id.equals("smpl") ? "sdta/smpl" : "pdta/" + id;
      assertThatThrownBy(() -> parse(font().omit(id).build()))
          .as(id)
          .isInstanceOf(SoundFontException.class)
          .hasMessage("test.sf2: " + path + ": required chunk is missing");
    }
  }

  @Test
  void aFileThatIsNotRiffSfbkIsRejected() {
    byte[] file = font().build();
    byte[] rifx = file.clone();
    rifx[3] = 'X';
    byte[] form = file.clone();
    form[11] = 'x';
    assertThatThrownBy(() -> parse(rifx))
        .hasMessage("test.sf2: RIFF: not a RIFF file (starts with \"RIFX\")");
    assertThatThrownBy(() -> parse(form))
        .hasMessage("test.sf2: RIFF: form type is \"sfbx\", not \"sfbk\"");
    assertThatThrownBy(() -> parse("MThd, a MIDI file".getBytes(StandardCharsets.US_ASCII)))
        .hasMessage("test.sf2: RIFF: not a RIFF file (starts with \"MThd\")");
    assertThatThrownBy(() -> parse(new byte[0]))
        .isInstanceOf(SoundFontException.class)
        .hasMessage("test.sf2: RIFF: file of 0 bytes is too short to be RIFF");
  }

  @Test
  void aZeroLengthSampleIsAnError() {
    Sf2Builder b = new Sf2Builder("t");
    int s = b.sample("empty", new short[0], 44100, 60, 0, 0, 0);
    b.preset("P", 0, 0, zone().instrument(b.instrument("I", zone().sample(s))));
    assertThatThrownBy(() -> parse(b.build()))
        .isInstanceOf(SoundFontException.class)
        .hasMessage(
            "test.sf2: pdta/shdr: sample 0 \"empty\" (of instrument \"I\") is empty:"
                + " start 0, end 0");
  }

  @Test
  void aSampleEndingPastThePoolOrWithoutARateIsAnError() {
    Sf2Builder b = font();
    byte[] file = b.build();
    int shdr = b.dataOffset("shdr");
    byte[] longer = file.clone();
    setU32(longer, shdr + 46 + 24, 1_000_000);
    assertThatThrownBy(() -> parse(longer))
        .hasMessageMatching(
            "test\\.sf2: pdta/shdr: sample 1 \"c\" \\(of instrument \"Piano\"\\) ends at frame 1000000,"
                + " past the \\d+ frames of sdta/smpl");
    byte[] rateless = file.clone();
    setU32(rateless, shdr + 36, 0);
    assertThatThrownBy(() -> parse(rateless))
        .hasMessage(
            "test.sf2: pdta/shdr: sample 0 \"a\" (of instrument \"Piano\") has a sample rate of 0 Hz");
  }

  @Test
  void bagIndexesOutOfRangeOrBackwardsAreErrors() {
    Sf2Builder b = font();
    byte[] file = b.build();
    byte[] phdrPastBags = file.clone();
    setU16(phdrPastBags, b.dataOffset("phdr") + 2 * 38 + 24, 999);
    assertThatThrownBy(() -> parse(phdrPastBags))
        .hasMessage(
            "test.sf2: pdta/phdr: preset 128:0 \"Kit\": bags 2..999 run past the 3 bags of pdta/pbag");

    byte[] instBackwards = file.clone();
    setU16(instBackwards, b.dataOffset("inst") + 20, 4);
    assertThatThrownBy(() -> parse(instBackwards))
        .hasMessage(
            "test.sf2: pdta/inst: instrument 0 \"Piano\": bag index 3 of the next record is before"
                + " its own 4");

    byte[] genPastTable = file.clone();
    setU16(genPastTable, b.dataOffset("pbag") + 4, 999);
    assertThatThrownBy(() -> parse(genPastTable))
        .hasMessageStartingWith("test.sf2: pdta/pbag: bag 1 starts at pgen record 999, past the ");

    byte[] modBackwards = file.clone();
    setU16(modBackwards, b.dataOffset("ibag") + 4 + 2, 0);
    setU16(modBackwards, b.dataOffset("ibag") + 2, 1);
    assertThatThrownBy(() -> parse(modBackwards))
        .hasMessage("test.sf2: pdta/ibag: bag 1 starts at imod record 0, before bag 0 at 1");
  }

  @Test
  void anInstrumentOrSampleIndexOutOfRangeIsAnError() {
    Sf2Builder b = font();
    byte[] file = b.build();
    byte[] badInstrument = file.clone();
    setU16(badInstrument, generator(b, file, "pgen", Generator.INSTRUMENT) + 2, 7);
    assertThatThrownBy(() -> parse(badInstrument))
        .hasMessage(
            "test.sf2: pdta/pgen: preset 0:0 \"Piano\", zone 1: instrument 7 is out of range"
                + " (there are 2)");
    byte[] badSample = file.clone();
    setU16(badSample, generator(b, file, "igen", Generator.SAMPLE_ID) + 2, 3);
    assertThatThrownBy(() -> parse(badSample))
        .hasMessage(
            "test.sf2: pdta/igen: instrument 0 \"Piano\", zone 1: sample 3 is out of range"
                + " (there are 3)");
  }

  @Test
  void zonesThatMultiplyIntoTooManyRegionsAreRefused() {
    Sf2Builder b = new Sf2Builder("t");
    int s = b.sine("s", 100, 440, 44100, 69);
    Sf2Builder.ZoneSpec[] instZones = new Sf2Builder.ZoneSpec[1100];
    Arrays.setAll(instZones, i -> zone().sample(s));
    int inst = b.instrument("I", instZones);
    Sf2Builder.ZoneSpec[] presetZones = new Sf2Builder.ZoneSpec[1000];
    Arrays.setAll(presetZones, i -> zone().instrument(inst));
    b.preset("P", 0, 0, presetZones);
    assertThatThrownBy(() -> parse(b.build()))
        .hasMessage(
            "test.sf2: pdta: the presets' zones pair with 1100000 instrument zones, more than the "
                + RegionResolver.MAX_REGIONS
                + " regions this reader takes");
  }

  @Test
  @Timeout(value = 20, unit = TimeUnit.SECONDS)
  void randomlyDamagedFilesGiveOnlySoundFontExceptions() {
    byte[] file = font().build();
    Random random = new Random(20_240_601);
    int rejected = 0;
    for (int i = 0; i < 20_000; i++) {
      byte[] bad = file.clone();
      for (int n = 1 + random.nextInt(4); n > 0; n--) {
        bad[random.nextInt(bad.length)] = (byte) random.nextInt(256);
      }
      try {
        parse(bad);
      } catch (SoundFontException e) {
        rejected++;
      } catch (RuntimeException e) {
        fail("damaged file %d threw %s", i, e, e);
      }
    }
    assertThat(rejected).isGreaterThan(1000);
  }
}
