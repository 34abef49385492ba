package org.dalaba.hub.broker;

import static org.dalaba.hub.broker.BrokerFixtures.EP_A;
import static org.dalaba.hub.broker.BrokerFixtures.EP_B;
import static org.dalaba.hub.broker.BrokerFixtures.HUB;
import static org.dalaba.hub.broker.BrokerFixtures.MONITOR;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.jar.JarInputStream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class ArtemisFilesTest {
  private final ArtemisFiles files = new ArtemisFiles(new TopicPermissions());

  @Test
  void theCodecAcceptsExactlyThePasswordOfAStoredHash() {
    SecretHash hash = SecretHash.of("Zq7-secret-for-artemis");
    ArtemisSecretCodec codec = new ArtemisSecretCodec();
    assertTrue(codec.verify("Zq7-secret-for-artemis".toCharArray(), hash.encoded()));
    assertFalse(codec.verify("Zq7-secret-for-artemiS".toCharArray(), hash.encoded()));
    assertFalse(codec.verify("".toCharArray(), hash.encoded()));
    assertFalse(codec.verify("x".toCharArray(), "1024:00:00"), "Artemis's own format is not ours");
    assertFalse(codec.verify("x".toCharArray(), "$7$99999999$AAAA$AAAA"), "absurd iteration counts are refused");
    assertFalse(codec.verify("x".toCharArray(), "$7$101$not base64$AAAA"));
  }

  @Test
  void usersCarryTheStoredHashesAndRolesGroupEndpointsByVillageAndTownship() {
    SecretHash hash = SecretHash.of("Zq7-secret-for-artemis");
    String users = files.usersText(List.of(MosquittoFiles.Credential.ofHash(EP_A, hash)));
    assertTrue(users.contains(EP_A.username() + " = ENC(" + hash.encoded() + ")\n"), users);
    String roles = files.rolesText(List.of(HUB, MONITOR, EP_A, EP_B));
    assertTrue(roles.contains("dalaba-endpoint = " + EP_A.username() + "," + EP_B.username() + "\n"), roles);
    assertTrue(roles.contains("township." + BrokerFixtures.TOWNSHIP + " = " + EP_A.username() + "," + EP_B.username() + "\n"));
    assertTrue(roles.contains("village." + BrokerFixtures.VILLAGE_A + " = " + EP_A.username() + "\n"));
    assertTrue(roles.contains("endpoint." + EP_A.username() + " = " + EP_A.username() + "\n"));
    assertTrue(roles.contains("dalaba-hub = hub\n") && roles.contains("dalaba-monitor = monitor\n"));
  }

  @Test
  void anEndpointMayReadItsFiveTopicsAndWriteItsThreeAndEverySettingKeepsTheHubsRights() throws Exception {
    String xml = files.securitySettingsXml(List.of(HUB, MONITOR, EP_A, EP_B));
    NodeList settings = DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(new ByteArrayInputStream(xml.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
        .getElementsByTagName("security-setting");
    String own = "endpoint." + EP_A.username();
    List<String> readable = new java.util.ArrayList<>();
    List<String> writable = new java.util.ArrayList<>();
    for (int i = 0; i < settings.getLength(); i++) {
      Element setting = (Element) settings.item(i);
      String match = setting.getAttribute("match");
      NodeList permissions = setting.getElementsByTagName("permission");
      for (int j = 0; j < permissions.getLength(); j++) {
        Element permission = (Element) permissions.item(j);
        List<String> roles = List.of(permission.getAttribute("roles").split(","));
        assertTrue(roles.contains("dalaba-hub"), match + " " + permission.getAttribute("type") + " keeps the hub");
        boolean mine = roles.contains(own) || roles.contains("dalaba-endpoint")
            || roles.contains("village." + BrokerFixtures.VILLAGE_A) || roles.contains("township." + BrokerFixtures.TOWNSHIP);
        if (mine && permission.getAttribute("type").equals("consume")) {
          readable.add(match);
        }
        if (mine && permission.getAttribute("type").equals("send")) {
          writable.add(match);
        }
      }
    }
    List<String> expectedReads = new TopicPermissions().subscriptionsOf(EP_A).stream().map(ArtemisFiles::address).sorted().toList();
    List<String> expectedWrites = new TopicPermissions().publicationsOf(EP_A).stream().map(ArtemisFiles::address).sorted().toList();
    assertEquals(expectedReads, readable.stream().sorted().toList());
    assertEquals(expectedWrites, writable.stream().sorted().toList());
  }

  @Test
  void theHubWritesTheFilesWithoutArtemisOnItsClassPath(@TempDir Path dir) throws Exception {
    // GIVEN a class loader with the hub's classes and SLF4J but not Artemis's interface (as in hub.jar)
    java.net.URL[] urls = {ArtemisFiles.class.getProtectionDomain().getCodeSource().getLocation(),
        org.slf4j.LoggerFactory.class.getProtectionDomain().getCodeSource().getLocation()};
    try (java.net.URLClassLoader hubOnly = new java.net.URLClassLoader(urls, ClassLoader.getPlatformClassLoader())) {
      assertThrows(ClassNotFoundException.class,
          () -> hubOnly.loadClass("org.apache.activemq.artemis.utils.SensitiveDataCodec"));
      // WHEN the hub writes the Artemis files THEN nothing needs the codec's interface
      Class<?> filesClass = hubOnly.loadClass(ArtemisFiles.class.getName());
      Class<?> permissionsClass = hubOnly.loadClass(TopicPermissions.class.getName());
      Object hubFiles = filesClass.getConstructor(permissionsClass).newInstance(permissionsClass.getConstructor().newInstance());
      filesClass.getMethod("write", java.util.Collection.class, Path.class).invoke(hubFiles, List.of(), dir);
      assertTrue(Files.readString(dir.resolve(ArtemisFiles.LOGIN)).contains(ArtemisSecretCodec.class.getName()));
      assertTrue(Files.size(dir.resolve(ArtemisFiles.CODEC_JAR)) > 0);
    }
  }

  @Test
  void topicsBecomeAddressesWithDotsEscaped() {
    assertEquals("dalaba.v1.ep.*.receipt", ArtemisFiles.address("dalaba/v1/ep/+/receipt"));
    assertEquals("dalaba.v1.cmd.endpoint.a\\.b", ArtemisFiles.address("dalaba/v1/cmd/endpoint/a.b"));
  }

  @Test
  void everyFileIsPrivateAndTheJarHoldsTheCodecAlone(@TempDir Path dir) throws Exception {
    files.write(List.of(new MosquittoFiles.Credential(HUB, "hub-secret-0123456789")), dir);
    for (String name : List.of(ArtemisFiles.USERS, ArtemisFiles.ROLES, ArtemisFiles.SECURITY, ArtemisFiles.LOGIN,
        ArtemisFiles.CODEC_JAR)) {
      assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(name))), name);
    }
    assertTrue(Files.readString(dir.resolve(ArtemisFiles.LOGIN)).contains(ArtemisSecretCodec.class.getName()));
    try (JarInputStream jar = new JarInputStream(Files.newInputStream(dir.resolve(ArtemisFiles.CODEC_JAR)))) {
      assertEquals("org/dalaba/hub/broker/ArtemisSecretCodec.class", jar.getNextJarEntry().getName());
      assertEquals(null, jar.getNextJarEntry());
    }
  }
}
