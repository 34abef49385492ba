package org.dalaba.hub.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class TlsHostNamesTest {
  @Test
  void theCertificateNamesTheConfiguredHostsAndThePublicUrlsHost() {
    assertEquals(List.of("hub.local", "dalaba.example.cn"),
        TlsMaterial.hostNames(List.of("hub.local"), "https://dalaba.example.cn:8443/"));
    assertEquals(List.of("hub.local"), TlsMaterial.hostNames(List.of("hub.local"), ""), "no public URL: only the configured names");
  }
}
