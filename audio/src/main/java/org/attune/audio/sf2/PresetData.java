package org.attune.audio.sf2;

import java.util.ArrayList;
import java.util.List;

/**
 * The nine tables of the {@code pdta} list, read into presets, instruments and sample headers, with
 * every size and every bag, generator, modulator, instrument and sample index checked.
 *
 * <p>Each table ends in a terminal record whose index closes the previous record's range (SoundFont
 * 2.04, section 7); a table without it, or an index that runs backwards or past its table, is an
 * error rather than a zone read from the wrong bytes.
 *
 * <p>Thread-safe: no (built by one parse, then only read).
 */
final class PresetData {

  private static final int PHDR = 38;
  private static final int BAG = 4;
  private static final int MOD = 10;
  private static final int GEN = 4;
  private static final int INST = 22;
  private static final int SHDR = 46;
  private static final int NAME = 20;

  final List<PresetHeader> presets;
  final List<ZoneSet> instruments;
  final List<SampleHeader> samples;

  private PresetData(
      List<PresetHeader> presets, List<ZoneSet> instruments, List<SampleHeader> samples) {
    this.presets = presets;
    this.instruments = instruments;
    this.samples = samples;
  }

  static PresetData read(RiffReader r, RiffChunk pdta) throws SoundFontException {
    List<RiffChunk> chunks = r.children(pdta);
    RiffChunk phdr = table(r, pdta, chunks, "phdr", PHDR, 2);
    RiffChunk pbag = table(r, pdta, chunks, "pbag", BAG, 1);
    RiffChunk pmod = table(r, pdta, chunks, "pmod", MOD, 0);
    RiffChunk pgen = table(r, pdta, chunks, "pgen", GEN, 0);
    RiffChunk inst = table(r, pdta, chunks, "inst", INST, 2);
    RiffChunk ibag = table(r, pdta, chunks, "ibag", BAG, 1);
    RiffChunk imod = table(r, pdta, chunks, "imod", MOD, 0);
    RiffChunk igen = table(r, pdta, chunks, "igen", GEN, 0);
    RiffChunk shdr = table(r, pdta, chunks, "shdr", SHDR, 2);

    List<SampleHeader> samples = readSamples(r, shdr);
    Bags instBags = new Bags(r, ibag, igen, imod, Generator.SAMPLE_ID, "sample", samples.size());
    List<ZoneSet> instruments = new ArrayList<>();
    int instCount = inst.size() / INST - 1;
    for (int i = 0; i < instCount; i++) {
      int at = inst.dataOffset() + i * INST;
      String name = r.string(at, NAME);
      int from = r.u16(at + NAME);
      int to = r.u16(at + INST + NAME);
      instruments.add(
          instBags.zones(inst, "instrument " + i + " \"" + name + "\"", name, from, to));
    }

    Bags presetBags = new Bags(r, pbag, pgen, pmod, Generator.INSTRUMENT, "instrument", instCount);
    List<PresetHeader> presets = new ArrayList<>();
    int presetCount = phdr.size() / PHDR - 1;
    for (int i = 0; i < presetCount; i++) {
      int at = phdr.dataOffset() + i * PHDR;
      String name = r.string(at, NAME);
      int program = r.u16(at + NAME);
      int bank = r.u16(at + NAME + 2);
      int from = r.u16(at + NAME + 4);
      int to = r.u16(at + PHDR + NAME + 4);
      String who = "preset " + bank + ":" + program + " \"" + name + "\"";
      presets.add(new PresetHeader(bank, program, presetBags.zones(phdr, who, name, from, to)));
    }
    return new PresetData(presets, instruments, samples);
  }

  /** The chunk {@code id}, checked to hold whole records and at least {@code min} of them. */
  private static RiffChunk table(
      RiffReader r, RiffChunk pdta, List<RiffChunk> chunks, String id, int recordSize, int min)
      throws SoundFontException {
    RiffChunk c = r.require(pdta, chunks, id);
    if (c.size() % recordSize != 0) {
      throw r.fail(c.path(), "size " + c.size() + " is not a multiple of " + recordSize);
    }
    if (c.size() / recordSize < min) {
      throw r.fail(
          c.path(),
          "has "
              + c.size() / recordSize
              + " records, needs at least "
              + min
              + (min > 1 ? " (one and the terminal record)" : " (the terminal record)"));
    }
    return c;
  }

  private static List<SampleHeader> readSamples(RiffReader r, RiffChunk shdr) {
    List<SampleHeader> out = new ArrayList<>();
    int count = shdr.size() / SHDR - 1;
    for (int i = 0; i < count; i++) {
      int at = shdr.dataOffset() + i * SHDR;
      out.add(
          new SampleHeader(
              i,
              r.string(at, NAME),
              r.u32(at + 20),
              r.u32(at + 24),
              r.u32(at + 28),
              r.u32(at + 32),
              r.u32(at + 36),
              r.u8(at + 40),
              r.s8(at + 41),
              r.u16(at + 44)));
    }
    return out;
  }

  /**
   * A bag table with its generator and modulator tables: reads the zones of one preset or
   * instrument. Every bag's generator and modulator indexes are checked once, up front.
   */
  private static final class Bags {
    private final RiffReader r;
    private final RiffChunk bag;
    private final RiffChunk gen;
    private final RiffChunk mod;
    private final int linkOp;
    private final String linkName;
    private final int linkCount;
    private final int bagCount;

    Bags(
        RiffReader r,
        RiffChunk bag,
        RiffChunk gen,
        RiffChunk mod,
        int linkOp,
        String linkName,
        int linkCount)
        throws SoundFontException {
      this.r = r;
      this.bag = bag;
      this.gen = gen;
      this.mod = mod;
      this.linkOp = linkOp;
      this.linkName = linkName;
      this.linkCount = linkCount;
      this.bagCount = bag.size() / BAG;
      checkIndexes(0, gen, GEN);
      checkIndexes(2, mod, MOD);
    }

    private void checkIndexes(int field, RiffChunk table, int recordSize)
        throws SoundFontException {
      int count = table.size() / recordSize;
      int previous = 0;
      for (int j = 0; j < bagCount; j++) {
        int index = r.u16(bag.dataOffset() + j * BAG + field);
        if (index < previous) {
          throw r.fail(
              bag.path(),
              "bag "
                  + j
                  + " starts at "
                  + table.id()
                  + " record "
                  + index
                  + ", before bag "
                  + (j - 1)
                  + " at "
                  + previous);
        }
        if (index > count) {
          throw r.fail(
              bag.path(),
              "bag "
                  + j
                  + " starts at "
                  + table.id()
                  + " record "
                  + index
                  + ", past the "
                  + count
                  + " records of "
                  + table.path());
        }
        previous = index;
      }
    }

    /** The zones of bags {@code from..to-1}, belonging to {@code who} in {@code header}. */
    ZoneSet zones(RiffChunk header, String who, String name, int from, int to)
        throws SoundFontException {
      if (to < from) {
        throw r.fail(
            header.path(),
            who + ": bag index " + to + " of the next record is before its" + " own " + from);
      }
      if (to > bagCount - 1) {
        throw r.fail(
            header.path(),
            who
                + ": bags "
                + from
                + ".."
                + to
                + " run past the "
                + (bagCount - 1)
                + " bags of "
                + bag.path());
      }
      Zone global = new Zone();
      List<Zone> locals = new ArrayList<>();
      for (int j = from; j < to; j++) {
        Zone z = zone(j);
        if (z.link() >= linkCount) {
          throw r.fail(
              gen.path(),
              who
                  + ", zone "
                  + (j - from)
                  + ": "
                  + linkName
                  + " "
                  + z.link()
                  + " is out of range (there are "
                  + linkCount
                  + ")");
        }
        if (z.link() >= 0) {
          locals.add(z);
        } else if (j == from) {
          global = z;
        }
        // A zone without a link after the first is not global and has nothing to play: ignored,
        // as section 7.3 asks.
      }
      return new ZoneSet(name, global, locals);
    }

    private Zone zone(int j) {
      int at = bag.dataOffset() + j * BAG;
      Zone z = new Zone();
      int genEnd = r.u16(at + BAG);
      for (int k = r.u16(at); k < genEnd; k++) {
        int g = gen.dataOffset() + k * GEN;
        int op = r.u16(g);
        if (op == linkOp) {
          z.link(r.u16(g + 2));
          break; // generators after the link are to be ignored
        }
        if (op < Generator.COUNT && op != Generator.INSTRUMENT && op != Generator.SAMPLE_ID) {
          boolean range = op == Generator.KEY_RANGE || op == Generator.VEL_RANGE;
          z.set(op, range ? r.u16(g + 2) : r.s16(g + 2));
        }
      }
      int modEnd = r.u16(at + BAG + 2);
      for (int k = r.u16(at + 2); k < modEnd; k++) {
        int m = mod.dataOffset() + k * MOD;
        if (r.u16(m) == Zone.VELOCITY_CONCAVE_NEGATIVE
            && r.u16(m + 2) == Generator.INITIAL_ATTENUATION
            && r.u16(m + 6) == 0
            && r.u16(m + 8) == 0) {
          z.velocityModulator(r.s16(m + 4));
        }
      }
      return z;
    }
  }
}
