package org.dalaba.hub.mqtt;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import javax.net.SocketFactory;

/**
 * Plain TCP sockets for the hub's Paho connection, with Nagle's algorithm off and reads buffered.
 *
 * <p>Nagle: Paho leaves it on, so its small PUBACKs wait for the broker's delayed TCP ACK (up to 40 ms on
 * Linux) while the broker, its in-flight window to the hub full (HiveMQ: 50 messages), waits for those
 * PUBACKs: receipts then trickled in at ~800 per second whatever the CPU.
 *
 * <p>Reads: Paho 1.2.5 reads each packet's fixed header a byte at a time from the socket's own stream
 * (its output is buffered, its input is not), so every receipt cost three or more {@code recv} calls;
 * through a buffer one call takes in as many receipts as have arrived.
 */
final class NoDelaySocketFactory extends SocketFactory {
  static final NoDelaySocketFactory INSTANCE = new NoDelaySocketFactory();

  private NoDelaySocketFactory() {
  }

  @Override
  public Socket createSocket() throws IOException {
    Socket socket = new BufferedReadSocket();
    socket.setTcpNoDelay(true);
    return socket;
  }

  /** A socket whose input stream is buffered (one buffer for the socket's life, created on first use). */
  static final class BufferedReadSocket extends Socket {
    private static final int BUFFER_BYTES = 64 * 1024;
    private InputStream buffered;

    @Override
    public synchronized InputStream getInputStream() throws IOException {
      if (buffered == null) {
        buffered = new BufferedInputStream(super.getInputStream(), BUFFER_BYTES);
      }
      return buffered;
    }
  }

  @Override
  public Socket createSocket(String host, int port) throws IOException {
    return connected(null, new InetSocketAddress(host, port));
  }

  @Override
  public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
    return connected(new InetSocketAddress(localHost, localPort), new InetSocketAddress(host, port));
  }

  @Override
  public Socket createSocket(InetAddress host, int port) throws IOException {
    return connected(null, new InetSocketAddress(host, port));
  }

  @Override
  public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
    return connected(new InetSocketAddress(localAddress, localPort), new InetSocketAddress(address, port));
  }

  private Socket connected(InetSocketAddress local, InetSocketAddress remote) throws IOException {
    Socket socket = createSocket();
    try {
      if (local != null) {
        socket.bind(local);
      }
      socket.connect(remote);
      return socket;
    } catch (IOException e) {
      socket.close();
      throw e;
    }
  }
}
