package org.attune.audio.backing;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.attune.audio.SampleClock;
import org.attune.clock.TempoMap;
import org.attune.form.FormStates;
import org.attune.protocol.v1.Dynamic;
import org.attune.protocol.v1.DynamicsRamp;
import org.attune.protocol.v1.FormPatch;
import org.attune.protocol.v1.FormState;
import org.attune.protocol.v1.Key;
import org.attune.protocol.v1.Meter;
import org.attune.protocol.v1.Mode;
import org.attune.protocol.v1.Progression;
import org.attune.protocol.v1.StructureChange;
import org.junit.jupiter.api.Test;

/** The band over long runs: changes of every kind, and what rendering costs. */
class BackingBandRunTest {

  private static final String[] GROOVES = {
    "straight", "rock", "swing", "shuffle", "waltz", "bossa", "ballad", "march", "unheard-of"
  };
  private static final String[] CHORDS = {
    "I", "ii", "iii", "IV", "V7", "vi", "vii°", "bVII", "iiø7", "Imaj7", "nonsense"
  };

  private static StructureChange change(long micros, TempoMap map, FormPatch patch) {
    return StructureChange.newBuilder()
        .setEffectiveServerMicros(micros)
        .setTempoMap(map.toProto())
        .setForm(patch)
        .build();
  }

  @Test
  void everyNoteOnIsReleasedThroughALongRunOfChangesOfEveryKind() {
    Random random = new Random(20_240_611);
    TempoMap map = TempoMap.steady(0, 110);
    FormState form = FormStates.initial();
    List<StructureChange> pending = new ArrayList<>();
    boolean held = false;
    BackingBand band = new BackingBand();
    band.parts(BackingPart.ALL);
    band.timeline(FormTimeline.of(map, form, pending));
    RecordingSink sink = new RecordingSink();
    long now = 0;
    Mode[] modes = {
      Mode.MAJOR,
      Mode.NATURAL_MINOR,
      Mode.DORIAN,
      Mode.MIXOLYDIAN,
      Mode.BLUES,
      Mode.MAJOR_PENTATONIC,
      Mode.HARMONIC_MINOR,
      Mode.LOCRIAN
    };

    for (int step = 0; step < 400; step++) {
      long until = now + 20_000 + random.nextInt(600_000);
      while (now < until) {
        long block = 1 + random.nextInt(random.nextBoolean() ? 3_000 : 250_000);
        long to = Math.min(until, now + block);
        band.render(now, to, sink);
        now = to;
      }
      while (!pending.isEmpty() && pending.get(0).getEffectiveServerMicros() <= now) {
        form = FormStates.apply(form, pending.remove(0).getForm());
      }
      long at = now + random.nextInt(1_500_000);
      if (!pending.isEmpty()) {
        at = Math.max(at, pending.get(pending.size() - 1).getEffectiveServerMicros() + 1);
      }
      FormPatch.Builder patch = FormPatch.newBuilder();
      switch (random.nextInt(10)) {
        case 0 -> patch.setGroove(GROOVES[random.nextInt(GROOVES.length)]);
        case 1 ->
            patch.setKey(
                Key.newBuilder()
                    .setTonic(random.nextInt(12))
                    .setMode(modes[random.nextInt(modes.length)]));
        case 2 -> {
          Progression.Builder p = Progression.newBuilder().setStartBeat(Math.floor(map.beatAt(at)));
          for (int c = 1 + random.nextInt(5); c > 0; c--) {
            p.addChords(CHORDS[random.nextInt(CHORDS.length)]);
          }
          patch.setProgression(p);
        }
        case 3 ->
            patch
                .setMeter(Meter.newBuilder().setBeatsPerBar(1 + random.nextInt(7)).setBeatUnit(4))
                .setBarOriginBeat(Math.ceil(map.beatAt(at)));
        case 4 ->
            patch.setDynamics(
                DynamicsRamp.newBuilder()
                    .setFrom(Dynamic.forNumber(1 + random.nextInt(8)))
                    .setTo(Dynamic.forNumber(1 + random.nextInt(8)))
                    .setStartBeat(map.beatAt(at))
                    .setBeats(random.nextInt(12)));
        case 5 -> patch.setAccent(true);
        case 6 -> {
          if (!held) {
            map = map.withRamp(at, 40 + random.nextInt(220), 1 + random.nextInt(8));
          }
        }
        case 7 -> {
          map = held ? map.withSteady(at, 60 + random.nextInt(120)) : map.withHold(at);
          held = !held;
        }
        case 8 -> band.parts(random.nextInt(BackingPart.ALL + 1));
        default -> {
          map = TempoMap.steady(now - random.nextInt(5_000_000), 50 + random.nextInt(200));
          pending.clear();
          held = false;
          at = now;
        }
      }
      pending.add(change(at, map, patch.build()));
      band.timeline(FormTimeline.of(map, form, pending));
    }
    band.parts(0);
    band.render(now, now + 1_333, sink);

    assertThat(sink.notes).hasSizeGreaterThan(2_000);
    for (BackingPart part : BackingPart.values()) {
      assertThat(sink.ons(part)).as(part.name()).hasSizeGreaterThan(50);
    }
    sink.assertEveryNoteReleased();
  }

  /** Counts events in fields only, so that the sink adds no allocation of its own. */
  private static final class CountingSink implements NoteSink {
    long ons;
    long offs;
    long keySum;

    @Override
    public void noteOn(BackingPart part, long serverMicros, int key, int velocity) {
      ons++;
      keySum += key;
    }

    @Override
    public void noteOff(BackingPart part, long serverMicros, int key) {
      offs++;
      keySum -= key;
    }
  }

  @Test
  void renderingBlocksAndSwappingTimelinesAllocatesNothing() {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    TempoMap map = TempoMap.steady(0, 132);
    FormState form =
        FormStates.initial().toBuilder()
            .setGroove("bossa")
            .setProgression(
                Progression.newBuilder().addChords("ii7").addChords("V7").addChords("Imaj7"))
            .build();
    FormTimeline first = FormTimeline.steady(form, map);
    FormTimeline second =
        FormTimeline.of(
            map,
            form,
            List.of(
                change(
                    30_000_000,
                    map,
                    FormPatch.newBuilder()
                        .setGroove("shuffle")
                        .setAccent(true)
                        .setKey(Key.newBuilder().setTonic(5).setMode(Mode.DORIAN))
                        .build())));
    BackingBand band = new BackingBand();
    band.parts(BackingPart.ALL);
    band.timeline(first);
    CountingSink sink = new CountingSink();
    long frame = 0;
    for (; frame < 20L * SampleClock.SAMPLE_RATE; frame += SampleClock.BLOCK_FRAMES) {
      band.render(
          SampleClock.microsAt(frame),
          SampleClock.microsAt(frame + SampleClock.BLOCK_FRAMES),
          sink);
    }
    long calibrate = threads.getCurrentThreadAllocatedBytes();
    long before = threads.getCurrentThreadAllocatedBytes();
    long onsBefore = sink.ons;
    band.timeline(second);
    for (; frame < 40L * SampleClock.SAMPLE_RATE; frame += SampleClock.BLOCK_FRAMES) {
      band.render(
          SampleClock.microsAt(frame),
          SampleClock.microsAt(frame + SampleClock.BLOCK_FRAMES),
          sink);
    }
    long after = threads.getCurrentThreadAllocatedBytes();

    assertThat(sink.ons - onsBefore).isGreaterThan(400);
    assertThat(after - before).isLessThanOrEqualTo(before - calibrate);
  }
}
