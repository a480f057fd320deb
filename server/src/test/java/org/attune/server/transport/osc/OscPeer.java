package org.attune.server.transport.osc;

import static org.assertj.core.api.Assertions.assertThat;

import com.illposed.osc.OSCBundle;
import com.illposed.osc.OSCMessage;
import com.illposed.osc.OSCPacket;
import com.illposed.osc.argument.OSCTimeTag64;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * An OSC endpoint on a real UDP socket, for tests: sends messages to the gateway and reads what it
 * answers on its own thread, stamping each message with its arrival time and its bundle's time tag.
 */
public final class OscPeer implements AutoCloseable {

  /** One message as received: its bundle's time tag (null outside a bundle) and arrival. */
  public record Received(OSCMessage message, OSCTimeTag64 timeTag, long arrivedNanos) {
    public String address() {
      return message.getAddress();
    }

    public Object arg(int i) {
      return message.getArguments().get(i);
    }

    /** The wall-clock instant the time tag names. */
    public Instant taggedAt() {
      return OscTimeTags.toInstant(timeTag);
    }
  }

  private final DatagramSocket socket;
  private final InetSocketAddress server;
  private final OscCodec codec = new OscCodec();
  private final BlockingQueue<Received> arrived = new LinkedBlockingQueue<>();
  private final List<Received> seen = new CopyOnWriteArrayList<>();
  private final List<byte[]> datagrams = new CopyOnWriteArrayList<>();
  private final Thread receiver;

  public OscPeer(int serverPort) throws IOException {
    socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    server = new InetSocketAddress(InetAddress.getLoopbackAddress(), serverPort);
    receiver = new Thread(this::receive, "osc-peer-" + socket.getLocalPort());
    receiver.setDaemon(true);
    receiver.start();
  }

  private void receive() {
    OscCodec decoder = new OscCodec();
    byte[] buffer = new byte[65_536];
    while (!socket.isClosed()) {
      DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
      try {
        socket.receive(packet);
        long at = System.nanoTime();
        datagrams.add(Arrays.copyOf(buffer, packet.getLength()));
        collect(decoder.decode(ByteBuffer.wrap(buffer, 0, packet.getLength())), null, at);
      } catch (IOException e) {
        return;
      } catch (OscFormatException e) {
        throw new AssertionError("the server sent something that is not OSC", e);
      }
    }
  }

  public int localPort() {
    return socket.getLocalPort();
  }

  public void send(String address, Object... args) throws IOException {
    sendBytes(codec.encode(new OSCMessage(address, Arrays.asList(args))));
  }

  public void sendBytes(byte[] bytes) throws IOException {
    socket.send(new DatagramPacket(bytes, bytes.length, server));
  }

  /** Waits up to 10 s for a message that {@code wanted} accepts; earlier ones are kept in seen. */
  public Received await(Predicate<Received> wanted) throws Exception {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (System.nanoTime() < deadline) {
      Received r = poll();
      if (r != null && wanted.test(r)) {
        return r;
      }
    }
    throw new AssertionError("no such OSC message within 10 s; seen " + addresses());
  }

  public Received await(String address) throws Exception {
    return await(r -> r.address().equals(address));
  }

  /** Every message received so far, in order, awaited or not. */
  public List<Received> seen() {
    return seen;
  }

  /** Every datagram received so far, as its bytes, in order. */
  public List<byte[]> datagrams() {
    return datagrams;
  }

  /** Reads for {@code millis} and returns what came. */
  public List<Received> drain(long millis) throws Exception {
    List<Received> out = new ArrayList<>();
    long deadline = System.nanoTime() + millis * 1_000_000;
    while (System.nanoTime() < deadline) {
      Received r = poll();
      if (r != null) {
        out.add(r);
      }
    }
    return out;
  }

  private Received poll() throws InterruptedException {
    return arrived.poll(100, TimeUnit.MILLISECONDS);
  }

  private void collect(OSCPacket packet, OSCTimeTag64 tag, long at) {
    if (packet instanceof OSCMessage m) {
      Received r = new Received(m, tag, at);
      seen.add(r);
      arrived.add(r);
    } else if (packet instanceof OSCBundle b) {
      for (OSCPacket inner : b.getPackets()) {
        collect(inner, b.getTimestamp(), at);
      }
    }
  }

  private int count(String address) {
    return (int) seen.stream().filter(r -> r.address().equals(address)).count();
  }

  private List<String> addresses() {
    return seen.stream().map(Received::address).distinct().toList();
  }

  /**
   * Joins, proves this peer's address by echoing the session token (as a patch does, with {@code
   * /attune/session/TOKEN/ping}) so that the group's stream comes, and returns the {@code
   * /attune/joined} reply.
   */
  public Received join(String address, Object... args) throws Exception {
    Received r = joinUnproven(address, args);
    int pongs = count("/attune/pong");
    send("/attune/session/" + r.arg(3) + "/ping");
    // Once the pong is here the address is proven: what the group sends from now on comes.
    for (long deadline = System.nanoTime() + 10_000_000_000L; count("/attune/pong") == pongs; ) {
      assertThat(System.nanoTime()).as("the pong of the proof").isLessThan(deadline);
      Thread.sleep(5);
    }
    return r;
  }

  /** Joins without echoing the token: the server sends this peer no more than its answers. */
  public Received joinUnproven(String address, Object... args) throws Exception {
    send(address, args);
    Received r =
        await(x -> x.address().equals("/attune/joined") || x.address().equals("/attune/error"));
    assertThat(r.address())
        .as("joined, not %s", r.message().getArguments())
        .isEqualTo("/attune/joined");
    return r;
  }

  @Override
  public void close() {
    socket.close();
  }
}
