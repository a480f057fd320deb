package org.attune.audio.sf2;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes small SoundFont 2 files with chosen samples, instruments, presets, generators and
 * modulators, so tests know every value the parser should find; it can also leave out a chunk or
 * pad one, for broken-file tests.
 *
 * <p>Test-only. Thread-safe: no.
 */
final class Sf2Builder {

  /** Zero frames the format asks for after every sample. */
  static final int GUARD_FRAMES = 46;

  private final String name;
  private final List<short[]> samplePcm = new ArrayList<>();
  private final List<int[]> sampleHeaders = new ArrayList<>();
  private final List<String> sampleNames = new ArrayList<>();
  private final List<String> instNames = new ArrayList<>();
  private final List<ZoneSpec[]> instZones = new ArrayList<>();
  private final List<String> presetNames = new ArrayList<>();
  private final List<int[]> presetIds = new ArrayList<>();
  private final List<ZoneSpec[]> presetZones = new ArrayList<>();
  private final Set<String> omitted = new HashSet<>();
  private final Map<String, Integer> padding = new HashMap<>();
  private final Map<String, Integer> offsets = new HashMap<>();
  private int poolFrames;

  Sf2Builder(String name) {
    this.name = name;
  }

  /** A zone, whose generators are written keyRange first, velRange next, the link last. */
  static ZoneSpec zone() {
    return new ZoneSpec();
  }

  /**
   * Adds a sample of {@code pcm} to the pool with its loop given relative to the sample's first
   * frame; returns its index. Its absolute first frame is {@link #sampleStart(int)}.
   */
  int sample(
      String sampleName,
      short[] pcm,
      int rate,
      int originalPitch,
      int pitchCorrection,
      int loopStart,
      int loopEnd) {
    return sample(sampleName, pcm, rate, originalPitch, pitchCorrection, loopStart, loopEnd, 1);
  }

  int sample(
      String sampleName,
      short[] pcm,
      int rate,
      int originalPitch,
      int pitchCorrection,
      int loopStart,
      int loopEnd,
      int type) {
    int start = poolFrames;
    samplePcm.add(pcm);
    sampleNames.add(sampleName);
    sampleHeaders.add(
        new int[] {
          start,
          start + pcm.length,
          start + loopStart,
          start + loopEnd,
          rate,
          originalPitch,
          pitchCorrection,
          type
        });
    poolFrames += pcm.length + GUARD_FRAMES;
    return samplePcm.size() - 1;
  }

  /**
   * A sample of {@code frames} frames of a sine wave at {@code hz}, looping over its second half.
   */
  int sine(String sampleName, int frames, double hz, int rate, int originalPitch) {
    short[] pcm = new short[frames];
    for (int i = 0; i < frames; i++) {
      pcm[i] = (short) Math.round(16000 * Math.sin(2 * Math.PI * hz * i / rate));
    }
    return sample(sampleName, pcm, rate, originalPitch, 0, frames / 2, frames - 1);
  }

  int sampleStart(int sample) {
    return sampleHeaders.get(sample)[0];
  }

  int instrument(String instName, ZoneSpec... zones) {
    instNames.add(instName);
    instZones.add(zones);
    return instNames.size() - 1;
  }

  int preset(String presetName, int bank, int program, ZoneSpec... zones) {
    presetNames.add(presetName);
    presetIds.add(new int[] {bank, program});
    presetZones.add(zones);
    return presetNames.size() - 1;
  }

  /** Leaves chunk or list {@code id} out of the file ({@code INAM}, {@code sdta}, {@code pgen}). */
  Sf2Builder omit(String id) {
    omitted.add(id);
    return this;
  }

  /** Appends {@code bytes} zero bytes to chunk {@code id}'s data, its size counting them. */
  Sf2Builder pad(String id, int bytes) {
    padding.put(id, bytes);
    return this;
  }

  /**
   * The file offset of chunk {@code id}'s data in the last {@link #build()} (header is 8 before).
   */
  int dataOffset(String id) {
    Integer at = offsets.get(id);
    if (at == null) {
      throw new IllegalArgumentException("no chunk " + id);
    }
    return at;
  }

  byte[] build() {
    offsets.clear();
    Out o = new Out();
    int riff = o.begin("RIFF", "sfbk");
    if (!omitted.contains("INFO")) {
      int info = o.begin("LIST", "INFO");
      chunk(o, "ifil", new Out().u16(2).u16(4));
      chunk(o, "isng", new Out().text("EMU8000", 8));
      chunk(o, "INAM", new Out().text(name, name.length() + 2 & ~1));
      o.end(info);
    }
    if (!omitted.contains("sdta")) {
      int sdta = o.begin("LIST", "sdta");
      Out smpl = new Out();
      for (short[] pcm : samplePcm) {
        for (short s : pcm) {
          smpl.u16(s);
        }
        smpl.zeros(2 * GUARD_FRAMES);
      }
      chunk(o, "smpl", smpl);
      o.end(sdta);
    }
    if (!omitted.contains("pdta")) {
      int pdta = o.begin("LIST", "pdta");
      writeHydra(o);
      o.end(pdta);
    }
    o.end(riff);
    return o.bytes();
  }

  private void writeHydra(Out o) {
    Out phdr = new Out();
    Out pbag = new Out();
    Out pmod = new Out();
    Out pgen = new Out();
    int[] counts = new int[3];
    for (int i = 0; i < presetNames.size(); i++) {
      phdr.text(presetNames.get(i), 20)
          .u16(presetIds.get(i)[1])
          .u16(presetIds.get(i)[0])
          .u16(counts[0])
          .u32(0)
          .u32(0)
          .u32(0);
      bags(presetZones.get(i), pbag, pgen, pmod, counts);
    }
    phdr.text("EOP", 20).u16(0).u16(0).u16(counts[0]).u32(0).u32(0).u32(0);
    pbag.u16(counts[1]).u16(counts[2]);
    pmod.zeros(10);
    pgen.zeros(4);

    Out inst = new Out();
    Out ibag = new Out();
    Out imod = new Out();
    Out igen = new Out();
    Arrays.fill(counts, 0);
    for (int i = 0; i < instNames.size(); i++) {
      inst.text(instNames.get(i), 20).u16(counts[0]);
      bags(instZones.get(i), ibag, igen, imod, counts);
    }
    inst.text("EOI", 20).u16(counts[0]);
    ibag.u16(counts[1]).u16(counts[2]);
    imod.zeros(10);
    igen.zeros(4);

    Out shdr = new Out();
    for (int i = 0; i < sampleHeaders.size(); i++) {
      int[] h = sampleHeaders.get(i);
      shdr.text(sampleNames.get(i), 20)
          .u32(h[0])
          .u32(h[1])
          .u32(h[2])
          .u32(h[3])
          .u32(h[4])
          .u8(h[5])
          .u8(h[6])
          .u16(0)
          .u16(h[7]);
    }
    shdr.text("EOS", 20).zeros(26);

    chunk(o, "phdr", phdr);
    chunk(o, "pbag", pbag);
    chunk(o, "pmod", pmod);
    chunk(o, "pgen", pgen);
    chunk(o, "inst", inst);
    chunk(o, "ibag", ibag);
    chunk(o, "imod", imod);
    chunk(o, "igen", igen);
    chunk(o, "shdr", shdr);
  }

  /** Writes zones' bags, generators, modulators; counts holds bag, gen, mod records so far. */
  private static void bags(ZoneSpec[] zones, Out bag, Out gen, Out mod, int[] counts) {
    for (ZoneSpec z : zones) {
      bag.u16(counts[1]).u16(counts[2]);
      counts[0]++;
      for (int[] g : z.ordered()) {
        gen.u16(g[0]).u16(g[1]);
        counts[1]++;
      }
      for (int[] m : z.mods) {
        mod.u16(m[0]).u16(m[1]).u16(m[2]).u16(m[3]).u16(m[4]);
        counts[2]++;
      }
    }
  }

  private void chunk(Out o, String id, Out data) {
    if (omitted.contains(id)) {
      return;
    }
    data.zeros(padding.getOrDefault(id, 0));
    offsets.put(id, o.size() + 8);
    o.ascii(id).u32(data.size()).append(data);
    if ((data.size() & 1) != 0) {
      o.u8(0);
    }
  }

  /** One zone to write. */
  static final class ZoneSpec {
    private final List<int[]> gens = new ArrayList<>();
    private final List<int[]> mods = new ArrayList<>();
    private int[] link;
    private final List<int[]> trailing = new ArrayList<>();

    ZoneSpec gen(int op, int amount) {
      gens.add(new int[] {op, amount & 0xFFFF});
      return this;
    }

    ZoneSpec keys(int lo, int hi) {
      return gen(Generator.KEY_RANGE, lo | hi << 8);
    }

    ZoneSpec vels(int lo, int hi) {
      return gen(Generator.VEL_RANGE, lo | hi << 8);
    }

    ZoneSpec sample(int index) {
      link = new int[] {Generator.SAMPLE_ID, index};
      return this;
    }

    ZoneSpec instrument(int index) {
      link = new int[] {Generator.INSTRUMENT, index};
      return this;
    }

    /** A generator written after the link, which readers must ignore. */
    ZoneSpec afterLink(int op, int amount) {
      trailing.add(new int[] {op, amount & 0xFFFF});
      return this;
    }

    ZoneSpec modulator(int source, int destination, int amount, int amountSource, int transform) {
      mods.add(new int[] {source, destination, amount & 0xFFFF, amountSource, transform});
      return this;
    }

    /** The velocity-to-attenuation modulator matching the default one, with this amount. */
    ZoneSpec velocityToAttenuation(int amountCb) {
      return modulator(
          Zone.VELOCITY_CONCAVE_NEGATIVE, Generator.INITIAL_ATTENUATION, amountCb, 0, 0);
    }

    private List<int[]> ordered() {
      List<int[]> out = new ArrayList<>();
      gens.stream().filter(g -> g[0] == Generator.KEY_RANGE).forEach(out::add);
      gens.stream().filter(g -> g[0] == Generator.VEL_RANGE).forEach(out::add);
      gens.stream()
          .filter(g -> g[0] != Generator.KEY_RANGE && g[0] != Generator.VEL_RANGE)
          .forEach(out::add);
      if (link != null) {
        out.add(link);
      }
      out.addAll(trailing);
      return out;
    }
  }

  /** A growable little-endian byte buffer. */
  private static final class Out {
    private byte[] b = new byte[256];
    private int n;

    int size() {
      return n;
    }

    byte[] bytes() {
      return Arrays.copyOf(b, n);
    }

    Out u8(int v) {
      if (n == b.length) {
        b = Arrays.copyOf(b, n * 2);
      }
      b[n++] = (byte) v;
      return this;
    }

    Out u16(int v) {
      return u8(v).u8(v >> 8);
    }

    Out u32(int v) {
      return u16(v).u16(v >> 16);
    }

    Out zeros(int count) {
      for (int i = 0; i < count; i++) {
        u8(0);
      }
      return this;
    }

    Out ascii(String s) {
      for (byte c : s.getBytes(StandardCharsets.ISO_8859_1)) {
        u8(c);
      }
      return this;
    }

    /** {@code s} in a NUL-padded field of {@code width} bytes. */
    Out text(String s, int width) {
      byte[] t = s.getBytes(StandardCharsets.ISO_8859_1);
      for (int i = 0; i < width; i++) {
        u8(i < t.length && i < width - 1 ? t[i] : 0);
      }
      return this;
    }

    Out append(Out other) {
      for (int i = 0; i < other.n; i++) {
        u8(other.b[i]);
      }
      return this;
    }

    /** Starts a RIFF or LIST chunk; returns where its size goes. */
    int begin(String id, String type) {
      ascii(id);
      int at = n;
      u32(0);
      ascii(type);
      return at;
    }

    void end(int sizeAt) {
      int size = n - sizeAt - 4;
      b[sizeAt] = (byte) size;
      b[sizeAt + 1] = (byte) (size >> 8);
      b[sizeAt + 2] = (byte) (size >> 16);
      b[sizeAt + 3] = (byte) (size >> 24);
    }
  }
}
