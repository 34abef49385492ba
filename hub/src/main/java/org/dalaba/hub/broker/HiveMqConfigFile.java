package org.dalaba.hub.broker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Writes the embedded HiveMQ's {@code config.xml} (schema: {@code config.xsd} in the HiveMQ CE jar). */
final class HiveMqConfigFile {
  static final int MAX_PACKET_SIZE_BYTES = org.dalaba.hub.config.Limits.BROKER_PACKET_BYTES;
  /**
   * Messages the broker queues per client beyond its in-flight window before it discards them. The hub's
   * one subscription takes every endpoint's receipts at once (three per endpoint and alert, 30,000 for an
   * alert to 10,000 endpoints); HiveMQ's default of 1,000 silently dropped most of them.
   */
  static final int MAX_QUEUED_MESSAGES = org.dalaba.hub.config.Limits.BROKER_QUEUED_PER_CLIENT;

  private HiveMqConfigFile() {
  }

  /**
   * Writes {@code confDir/config.xml}: one TCP listener, our packet size limit, no anonymous usage statistics,
   * and the persistence mode ({@code in-memory} keeps nothing on disk; {@code file} keeps retained messages
   * and sessions across restarts in RocksDB/Xodus files under the data folder).
   */
  static Path write(Path confDir, String bindAddress, int port, boolean filePersistence) throws IOException {
    return write(confDir, bindAddress, port, filePersistence, null);
  }

  /** @param tls also (or, without a plain listener, only) a TLS listener; null = plain only */
  static Path write(Path confDir, String bindAddress, int port, boolean filePersistence, EmbeddedBroker.Tls tls)
      throws IOException {
    Files.createDirectories(confDir);
    String plain = """
                <tcp-listener>
                    <port>%d</port>
                    <bind-address>%s</bind-address>
                    <name>dalaba-mqtt</name>
                </tcp-listener>
        """.formatted(port, xmlText(bindAddress));
    String secure = tls == null ? "" : """
                <tls-tcp-listener>
                    <port>%d</port>
                    <bind-address>%s</bind-address>
                    <name>dalaba-mqtts</name>
                    <tls>
                        <keystore>
                            <path>%s</path>
                            <password>%s</password>
                            <private-key-password>%s</private-key-password>
                        </keystore>
                        <client-authentication-mode>NONE</client-authentication-mode>
                    </tls>
                </tls-tcp-listener>
        """.formatted(tls.port(), xmlText(bindAddress), xmlText(tls.keystore().toString()), xmlText(tls.keystorePassword()),
        xmlText(tls.keystorePassword()));
    String listeners = (tls == null || tls.plainListener() ? plain : "") + secure;
    String xml = """
        <?xml version="1.0" encoding="UTF-8"?>
        <!-- Written by Dalaba at every start; edits are overwritten. -->
        <hivemq>
            <listeners>
        %s    </listeners>
            <mqtt>
                <packets>
                    <max-packet-size>%d</max-packet-size>
                </packets>
                <queued-messages>
                    <max-queue-size>%d</max-queue-size>
                </queued-messages>
            </mqtt>
            <anonymous-usage-statistics>
                <enabled>false</enabled>
            </anonymous-usage-statistics>
            <persistence>
                <mode>%s</mode>
            </persistence>
        </hivemq>
        """.formatted(listeners, MAX_PACKET_SIZE_BYTES, MAX_QUEUED_MESSAGES, filePersistence ? "file" : "in-memory");
    Path target = confDir.resolve("config.xml");
    Path temp = Files.createTempFile(confDir, "config", ".xml.tmp");
    try {
      Files.writeString(temp, xml, StandardCharsets.UTF_8);
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temp);
    }
    return target;
  }

  private static String xmlText(String value) {
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
