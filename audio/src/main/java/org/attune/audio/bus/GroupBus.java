package org.attune.audio.bus;

import java.util.Arrays;
import org.attune.audio.SampleClock;
import org.attune.audio.backing.BackingBand;
import org.attune.audio.backing.BackingPart;
import org.attune.audio.backing.NoteSink;
import org.attune.audio.mix.MasterBus;
import org.attune.audio.mix.Mixer;
import org.attune.audio.sf2.SoundFont;
import org.attune.audio.synth.Synthesizer;
import org.jctools.queues.MpscArrayQueue;

/**
 * One group's sound: a synthesizer playing every member's strip and the backing band's, a mixer
 * into the master, and sinks for what comes out.
 *
 * <p>Time: a note at server time {@code t} is heard at {@code t + renderDelay}, placed to the
 * sample (frame {@link SampleClock#frameAt} of that; the master's limiter adds its look-ahead to
 * what a sink gets). The block of frames {@code [F, F+B)} can be rendered once every note that
 * falls in it is known, {@link #dueMicros()} (the server time of {@code F+B} less the delay), and
 * must be done before its first frame is heard, {@link #deadlineMicros()}: the delay less one block
 * is the render thread's window. A bus fed over a network renders each block a shorter lead before
 * it is heard instead, so that notes may arrive up to the delay less the lead after they are
 * played.
 *
 * <p>Thread-safe: {@link #offer}, the sinks and the read-only counters, from any thread (the queue
 * is multi-producer; the group's loop is the usual one). Everything else belongs to the render
 * thread that holds this bus, one at a time, each handing it on with a happens-before edge ({@link
 * RenderScheduler}'s claim). Realtime-safe: {@link #renderNext()} and what it calls.
 */
public final class GroupBus {

  /** What {@link #stripOf} says of an event for no one strip (master, backing, timeline). */
  private static final int BUS_WIDE = Integer.MIN_VALUE;

  private final String name;
  private final int memberStrips;
  private final int strips;
  private final int blockFrames;
  private final long delayMicros;
  private final long leadMicros;
  private final Synthesizer synth;
  private final Mixer mixer;
  private final BackingBand backing = new BackingBand();
  private final MpscArrayQueue<BusEvent> queue;
  private final EventSchedule schedule;
  private final BusStats stats;
  private final float[][] stripLeft;
  private final float[][] stripRight;
  private final float[] outLeft;
  private final float[] outRight;
  private final BackingNotes backingNotes = new BackingNotes();
  private volatile BusSink[] sinks = new BusSink[0];
  private volatile StripSink[] stripSinks = new StripSink[0];
  private volatile int voicesActive;
  private long nextFrame;

  /**
   * @param name for logs and errors (the group's id)
   * @param font the sounds
   * @param memberStrips strips for members, {@code 0..memberStrips-1}; the backing parts' strips
   *     follow ({@link #backingStrip})
   * @param maxVoices polyphony of the whole bus
   * @param delayMicros the render delay: from a note's server time to when it is heard
   * @param startMicros server time from which the bus renders
   * @param stats where to count (may be shared by all buses of a server)
   */
  public GroupBus(
      String name,
      SoundFont font,
      int memberStrips,
      int maxVoices,
      long delayMicros,
      long startMicros,
      BusStats stats) {
    this(
        name,
        font,
        memberStrips,
        maxVoices,
        delayMicros,
        delayMicros,
        startMicros,
        stats,
        SampleClock.BLOCK_FRAMES,
        4096);
  }

  /**
   * A bus whose blocks are rendered only {@code leadMicros} before they are heard, rather than as
   * soon as their notes can be known: for a bus fed over a network (a client rendering the group
   * locally), where a note reaches the bus up to the delay less the lead after it was played.
   *
   * @param leadMicros how long before its first frame is heard a block is due: at least one block,
   *     at most the delay
   */
  public GroupBus(
      String name,
      SoundFont font,
      int memberStrips,
      int maxVoices,
      long delayMicros,
      long leadMicros,
      long startMicros,
      BusStats stats) {
    this(
        name,
        font,
        memberStrips,
        maxVoices,
        delayMicros,
        leadMicros,
        startMicros,
        stats,
        SampleClock.BLOCK_FRAMES,
        4096);
  }

  GroupBus(
      String name,
      SoundFont font,
      int memberStrips,
      int maxVoices,
      long delayMicros,
      long startMicros,
      BusStats stats,
      int blockFrames,
      int queueCapacity) {
    this(
        name,
        font,
        memberStrips,
        maxVoices,
        delayMicros,
        delayMicros,
        startMicros,
        stats,
        blockFrames,
        queueCapacity);
  }

  private GroupBus(
      String name,
      SoundFont font,
      int memberStrips,
      int maxVoices,
      long delayMicros,
      long leadMicros,
      long startMicros,
      BusStats stats,
      int blockFrames,
      int queueCapacity) {
    if (delayMicros < SampleClock.microsAt(blockFrames)) {
      throw new IllegalArgumentException(
          "the render delay must be at least one block ("
              + SampleClock.microsAt(blockFrames)
              + " µs), not "
              + delayMicros
              + " µs");
    }
    if (leadMicros < SampleClock.microsAt(blockFrames) || leadMicros > delayMicros) {
      throw new IllegalArgumentException(
          "the render lead must be between one block and the delay ("
              + delayMicros
              + " µs), not "
              + leadMicros
              + " µs");
    }
    this.name = name;
    this.memberStrips = memberStrips;
    this.leadMicros = leadMicros;
    this.strips = memberStrips + BackingPart.values().length;
    this.blockFrames = blockFrames;
    this.delayMicros = delayMicros;
    this.synth = new Synthesizer(font, strips, maxVoices, blockFrames);
    this.mixer = new Mixer(strips, blockFrames, new MasterBus());
    this.queue = new MpscArrayQueue<>(queueCapacity);
    this.schedule = new EventSchedule(queueCapacity);
    this.stats = stats;
    this.stripLeft = new float[strips][blockFrames];
    this.stripRight = new float[strips][blockFrames];
    this.outLeft = new float[blockFrames];
    this.outRight = new float[blockFrames];
    for (BackingPart part : BackingPart.values()) {
      synth.program(backingStrip(part), part.bank(), part.program());
      mixer.addStrip(backingStrip(part));
    }
    // Blocks on a grid common to all buses of a block size: buses with the same delay come due
    // together, and a render thread wakes once a block for all of them, not once for each.
    this.nextFrame =
        Math.floorDiv(SampleClock.frameAt(startMicros + delayMicros) + blockFrames - 1, blockFrames)
            * blockFrames;
  }

  public String name() {
    return name;
  }

  /** The strip a backing part plays on. */
  public int backingStrip(BackingPart part) {
    return memberStrips + part.ordinal();
  }

  public int memberStrips() {
    return memberStrips;
  }

  /** Strips in all: members' and backing parts'. */
  public int strips() {
    return strips;
  }

  public long delayMicros() {
    return delayMicros;
  }

  public BusStats stats() {
    return stats;
  }

  public Mixer mixer() {
    return mixer;
  }

  /**
   * Hands an event to the render thread.
   *
   * <p>Thread-safe: yes. Never blocks: a full queue refuses the event and counts it. An event for a
   * strip the bus does not have is refused here, on the caller's thread, rather than failing the
   * render thread and silencing the whole group.
   *
   * @return false if the queue was full and the event is lost
   * @throws IllegalArgumentException if the event names a strip outside {@code 0..strips()-1}
   */
  public boolean offer(BusEvent event) {
    int strip = stripOf(event);
    if (strip != BUS_WIDE && (strip < 0 || strip >= strips)) {
      throw new IllegalArgumentException(
          name + ": no strip " + strip + " on a bus of " + strips + " strips: " + event);
    }
    if (queue.offer(event)) {
      return true;
    }
    stats.queueDrops.increment();
    return false;
  }

  /** The strip an event is for, or {@link #BUS_WIDE}. */
  private static int stripOf(BusEvent e) {
    if (e instanceof BusEvent.NoteOn on) {
      return on.strip();
    } else if (e instanceof BusEvent.NoteOff off) {
      return off.strip();
    } else if (e instanceof BusEvent.Hit hit) {
      return hit.strip();
    } else if (e instanceof BusEvent.Program p) {
      return p.strip();
    } else if (e instanceof BusEvent.StripGain g) {
      return g.strip();
    } else if (e instanceof BusEvent.StripPan p) {
      return p.strip();
    } else if (e instanceof BusEvent.StripMute m) {
      return m.strip();
    } else if (e instanceof BusEvent.StripSolo so) {
      return so.strip();
    } else if (e instanceof BusEvent.StripAdded a) {
      return a.strip();
    } else if (e instanceof BusEvent.StripRemoved r) {
      return r.strip();
    }
    return BUS_WIDE;
  }

  /** Adds a sink; it gets every block rendered from now on. Thread-safe: yes. */
  public synchronized void addSink(BusSink sink) {
    BusSink[] next = Arrays.copyOf(sinks, sinks.length + 1);
    next[next.length - 1] = sink;
    sinks = next;
  }

  /** Removes a sink. Thread-safe: yes. */
  public synchronized void removeSink(BusSink sink) {
    sinks = Arrays.stream(sinks).filter(s -> s != sink).toArray(BusSink[]::new);
  }

  /**
   * Adds a sink of the strips before the mixer; it gets every block rendered from now on, before
   * the master's sinks get it. Thread-safe: yes.
   */
  public synchronized void addStripSink(StripSink sink) {
    StripSink[] next = Arrays.copyOf(stripSinks, stripSinks.length + 1);
    next[next.length - 1] = sink;
    stripSinks = next;
  }

  /** Removes a strip sink. Thread-safe: yes. */
  public synchronized void removeStripSink(StripSink sink) {
    stripSinks = Arrays.stream(stripSinks).filter(s -> s != sink).toArray(StripSink[]::new);
  }

  /** The frame that the next block starts at. */
  public long nextFrame() {
    return nextFrame;
  }

  /**
   * Server time at which the next block may be rendered: all its notes are known by then (the lead
   * before it is heard; by default the delay, when notes are known as they are played).
   */
  public long dueMicros() {
    return SampleClock.microsAt(nextFrame + blockFrames) - leadMicros;
  }

  /** Server time at which the next block's first frame is heard: it must be rendered before. */
  public long deadlineMicros() {
    return SampleClock.microsAt(nextFrame);
  }

  /** Voices sounding after the last block. Thread-safe: yes. */
  public int voicesActive() {
    return voicesActive;
  }

  /**
   * Skips the blocks that can no longer be heard in time, up to the one due at {@code nowMicros},
   * counting each as an underrun. Notes due in them sound at the start of the next block.
   *
   * @return blocks skipped
   */
  public long skipTo(long nowMicros) {
    long target = SampleClock.frameAt(nowMicros + leadMicros) - blockFrames;
    long skipped = 0;
    while (nextFrame + blockFrames <= target) {
      nextFrame += blockFrames;
      skipped++;
    }
    stats.underruns.add(skipped);
    return skipped;
  }

  /**
   * Renders the next block and hands it to the sinks.
   *
   * <p>Realtime-safe: yes.
   */
  public void renderNext() {
    long blockStart = nextFrame;
    long blockEnd = blockStart + blockFrames;
    drainQueue();
    while (schedule.hasBefore(blockEnd)) {
      long frame = schedule.peekFrame();
      BusEvent e = schedule.poll();
      int offset = (int) Math.max(0, frame - blockStart);
      if (frame < blockStart) {
        stats.lateEvents.increment();
      }
      if (e instanceof BusEvent.NoteOn on) {
        synth.noteOn(on.strip(), on.key(), on.velocity(), offset);
      } else if (e instanceof BusEvent.NoteOff off) {
        synth.noteOff(off.strip(), off.key(), offset);
      } else if (e instanceof BusEvent.Hit hit) {
        synth.hit(hit.strip(), hit.key(), hit.velocity(), offset);
      }
    }
    backingNotes.blockStart = blockStart;
    backing.render(
        SampleClock.microsAt(blockStart) - delayMicros,
        SampleClock.microsAt(blockEnd) - delayMicros,
        backingNotes);
    synth.render(stripLeft, stripRight, blockFrames);
    for (StripSink sink : stripSinks) {
      sink.strips(blockStart, stripLeft, stripRight, synth.sounding(), blockFrames);
    }
    mixer.mix(stripLeft, stripRight, synth.sounding(), blockFrames, outLeft, outRight);
    for (BusSink sink : sinks) {
      sink.block(blockStart, outLeft, outRight, blockFrames);
    }
    nextFrame = blockEnd;
    voicesActive = synth.activeVoices();
    stats.blocks.increment();
  }

  private void drainQueue() {
    BusEvent e;
    while ((e = queue.poll()) != null) {
      if (e instanceof BusEvent.NoteOn on) {
        timed(e, on.serverMicros());
      } else if (e instanceof BusEvent.NoteOff off) {
        timed(e, off.serverMicros());
      } else if (e instanceof BusEvent.Hit hit) {
        timed(e, hit.serverMicros());
      } else {
        control(e);
      }
    }
  }

  private void timed(BusEvent e, long serverMicros) {
    if (!schedule.add(e, SampleClock.frameAt(serverMicros + delayMicros))) {
      stats.scheduleDrops.increment();
    }
  }

  private void control(BusEvent e) {
    if (e instanceof BusEvent.Program p) {
      synth.allNotesOff(p.strip());
      synth.program(p.strip(), p.bank(), p.program());
    } else if (e instanceof BusEvent.StripAdded a) {
      // Notes still ringing on a strip that was off the bus were played while no one heard
      // them, or belong to whoever had it before: they must not fade in with it.
      if (mixer.isActive(a.strip())) {
        synth.allNotesOff(a.strip());
      } else {
        synth.cut(a.strip());
        mixer.addStrip(a.strip());
      }
      synth.program(a.strip(), a.bank(), a.program());
    } else if (e instanceof BusEvent.StripRemoved r) {
      // The strip fades out over the next block; its voices go with it rather than hold
      // polyphony for release tails no one hears.
      synth.silence(r.strip());
      if (mixer.isActive(r.strip())) {
        mixer.removeStrip(r.strip());
      }
    } else if (e instanceof BusEvent.StripGain g) {
      mixer.strip(g.strip()).setGainDb(g.db());
    } else if (e instanceof BusEvent.StripPan p) {
      mixer.strip(p.strip()).setPan(p.pan());
    } else if (e instanceof BusEvent.StripMute m) {
      mixer.strip(m.strip()).setMuted(m.muted());
    } else if (e instanceof BusEvent.StripSolo s) {
      mixer.strip(s.strip()).setSoloed(s.soloed());
    } else if (e instanceof BusEvent.MasterGain g) {
      mixer.master().setGainDb(g.db());
    } else if (e instanceof BusEvent.BackingParts p) {
      backing.parts(p.mask());
    } else if (e instanceof BusEvent.Timeline t) {
      backing.timeline(t.timeline());
    }
  }

  /** Plays the backing band's notes on its strips, placed to the sample. */
  private final class BackingNotes implements NoteSink {
    long blockStart;

    @Override
    public void noteOn(BackingPart part, long serverMicros, int key, int velocity) {
      synth.noteOn(backingStrip(part), key, velocity, offset(serverMicros));
    }

    @Override
    public void noteOff(BackingPart part, long serverMicros, int key) {
      synth.noteOff(backingStrip(part), key, offset(serverMicros));
    }

    private int offset(long serverMicros) {
      long frame = SampleClock.frameAt(serverMicros + delayMicros);
      return (int) Math.min(blockFrames - 1, Math.max(0, frame - blockStart));
    }
  }

  @Override
  public String toString() {
    return "GroupBus[" + name + ", " + strips + " strips]";
  }
}
