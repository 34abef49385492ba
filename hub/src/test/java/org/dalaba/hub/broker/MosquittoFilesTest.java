package org.dalaba.hub.broker;

import static org.dalaba.hub.broker.BrokerFixtures.EP_A;
import static org.dalaba.hub.broker.BrokerFixtures.HUB;
import static org.dalaba.hub.broker.BrokerFixtures.MONITOR;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.dalaba.hub.broker.MosquittoFiles.Credential;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MosquittoFilesTest {
  private final MosquittoFiles files = new MosquittoFiles(new TopicPermissions());

  @Test
  void hashesAreWhatMosquittoPasswdWrites() {
    // GIVEN lines written by mosquitto_passwd 2.0.11 (-b), an ASCII and a non-ASCII password
    String ascii = "$7$101$vpIXwtgqoxjpnGqg$vIo99QRCJvkWdII6Vc6ear+DkvYhHVMvxY+/4VwIrWpY0hroYHYD4Qt9j73dBy8uhkf8Puo5K/csasrhRQ4hOg==";
    String utf8 = "$7$101$gfQMJYVpywx3iS8z$ZhKrB9pApRxZPn4LyMvuSxSwchACEkV/Q4v4RKpRTRbMUeL+cyHLcTBt4bpUPQzx4jpPHeXQINRChEfd7DNUGA==";
    // WHEN we hash the same passwords with the same salts THEN we get the same lines
    assertEquals(ascii, MosquittoFiles.passwordHash("s3cret", salt(ascii), 101));
    assertEquals(utf8, MosquittoFiles.passwordHash("大喇叭-secret-ü", salt(utf8), 101));
  }

  @Test
  void freshHashesHaveTheMosquittoShape() {
    String hash = MosquittoFiles.passwordHash(BrokerAccounts.newSecret());
    assertTrue(hash.matches("\\$7\\$101\\$[A-Za-z0-9+/]{16}\\$[A-Za-z0-9+/]{86}=="), hash);
    assertEquals(12, salt(hash).length);
    assertEquals(64, Base64.getDecoder().decode(hash.split("\\$")[4]).length);
    assertNotEquals(hash, MosquittoFiles.passwordHash(BrokerAccounts.newSecret()));
  }

  @Test
  void aclGivesEachAccountExactlyItsTopics() {
    String acl = files.aclFileText(List.of(EP_A, MONITOR, HUB));
    String expected = """

        user 211282105001-01
        topic read dalaba/v1/cmd/all
        topic read dalaba/v1/cmd/township/211282105
        topic read dalaba/v1/cmd/village/211282105001
        topic read dalaba/v1/cmd/endpoint/211282105001-01
        topic read dalaba/v1/hub/status
        topic write dalaba/v1/ep/211282105001-01/status
        topic write dalaba/v1/ep/211282105001-01/heartbeat
        topic write dalaba/v1/ep/211282105001-01/receipt

        user hub
        topic readwrite dalaba/#

        user monitor
        topic read dalaba/v1/#
        """;
    assertTrue(acl.endsWith(expected), acl);
    // nothing before the first 'user' line but comments: anonymous clients get nothing
    String beforeFirstUser = acl.substring(0, acl.indexOf("\nuser "));
    assertTrue(beforeFirstUser.lines().allMatch(line -> line.isEmpty() || line.startsWith("#")), beforeFirstUser);
  }

  @Test
  void writesBothFilesAtomicallyWithMode0640(@TempDir Path dir) throws Exception {
    Path passwd = dir.resolve("mosquitto/passwd");
    Path acl = dir.resolve("mosquitto/acl");
    List<Credential> credentials = List.of(new Credential(HUB, BrokerAccounts.newSecret()),
        new Credential(EP_A, BrokerAccounts.newSecret()));
    // WHEN written twice (a re-import)
    files.write(credentials, passwd, acl);
    String first = Files.readString(passwd);
    files.write(credentials, passwd, acl);
    // THEN both files are there, private to owner and group, with no temporary files left behind
    assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(passwd)));
    assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(acl)));
    try (Stream<Path> listing = Files.list(passwd.getParent())) {
      assertEquals(List.of("acl", "passwd"), listing.map(p -> p.getFileName().toString()).sorted().toList());
    }
    List<String> lines = Files.readAllLines(passwd);
    assertEquals(2, lines.size());
    assertTrue(lines.get(0).startsWith("211282105001-01:$7$101$"));
    assertTrue(lines.get(1).startsWith("hub:$7$101$"));
    assertNotEquals(first, Files.readString(passwd), "fresh salts on every write");
    assertTrue(Files.readString(acl).contains("user hub\ntopic readwrite dalaba/#\n"));
  }

  @Test
  void refusesUsernamesThatWouldBreakTheFiles() {
    assertThrows(IllegalArgumentException.class,
        () -> files.passwordFileText(List.of(new Credential(Account.hub("a:b"), "x"))));
    assertThrows(IllegalArgumentException.class,
        () -> files.aclFileText(List.of(Account.monitor("mon\nuser hub"))));
    assertThrows(IllegalArgumentException.class, () -> files.passwordFileText(
        List.of(new Credential(EP_A, "x"), new Credential(EP_A, "y"))));
  }

  @Test
  void confSnippetNamesTheFilesAndRefusesAnonymousClients() {
    String conf = MosquittoFiles.mosquittoConf(1883, Path.of("/etc/dalaba/passwd"), Path.of("/etc/dalaba/acl"));
    assertTrue(conf.contains("\nallow_anonymous false\n"));
    assertTrue(conf.contains("\npassword_file /etc/dalaba/passwd\n"));
    assertTrue(conf.contains("\nacl_file /etc/dalaba/acl\n"));
    assertTrue(conf.contains("\nlistener 1883\n"));
    assertFalse(conf.contains("allow_anonymous true"));
  }

  private static byte[] salt(String hash) {
    return Base64.getDecoder().decode(hash.split("\\$")[3]);
  }
}
