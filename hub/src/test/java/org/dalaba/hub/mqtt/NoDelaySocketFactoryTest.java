package org.dalaba.hub.mqtt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import org.junit.jupiter.api.Test;

class NoDelaySocketFactoryTest {

  @Test
  void socketsReadThroughOneBufferAndSendWithoutDelay() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
         Socket client = NoDelaySocketFactory.INSTANCE.createSocket()) {
      client.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()), 5000);
      try (Socket peer = server.accept()) {
        peer.getOutputStream().write(new byte[] {0x30, 3, 'a', 'b', 'c', 0x40, 2, 0, 1});
        InputStream in = client.getInputStream();
        assertTrue(in instanceof BufferedInputStream, "reads are buffered");
        assertSame(in, client.getInputStream(), "one buffer for the socket's life");
        DataInputStream packets = new DataInputStream(in);
        byte[] read = new byte[9];
        packets.readFully(read);
        assertArrayEquals(new byte[] {0x30, 3, 'a', 'b', 'c', 0x40, 2, 0, 1}, read);
        assertTrue(client.getTcpNoDelay());
      }
    }
  }

  @Test
  void connectedSocketsAreBufferedToo() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
         Socket client = NoDelaySocketFactory.INSTANCE.createSocket(InetAddress.getLoopbackAddress(), server.getLocalPort());
         Socket peer = server.accept()) {
      assertTrue(client.getInputStream() instanceof BufferedInputStream);
      assertTrue(client.getTcpNoDelay());
    }
  }
}
