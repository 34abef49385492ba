package org.dalaba.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Argument parsing and the directory and credentials files, without starting anything. */
class CliTest {

  static String resource(String name) {
    try {
      return Path.of(CliTest.class.getResource("/directory/" + name).toURI()).toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static CliOptions parse(String... args) throws UsageException {
    return CliOptions.parse(List.of(args));
  }

  private static String usageError(String... args) {
    return assertThrows(UsageException.class, () -> parse(args)).getMessage();
  }

  @Test
  void fullCommandLineIsParsedIntoFleetOptions() throws Exception {
    CliOptions cli = parse("--broker", "tcp://10.0.0.5:1884", "--directory", "dir.json", "--credentials", "c.csv",
        "--count", "3", "--time-scale", "0.01", "--heartbeat-seconds", "5", "--connect-rate", "100",
        "--offline-share", "0.1", "--flapping-share=0.1", "--slow-ack-share", "0.1", "--slow-ack-ms", "750",
        "--dropping-share", "0.1", "--garbage-share", "0.1", "--seed", "-3", "--summary-seconds", "30");
    assertFalse(cli.help);
    assertEquals("10.0.0.5", cli.fleet.brokerHost());
    assertEquals(1884, cli.fleet.brokerPort());
    assertEquals("dir.json", cli.directory);
    assertEquals(Path.of("c.csv"), cli.credentials);
    assertTrue(cli.credentialsGiven);
    assertEquals(3, cli.count);
    assertEquals(0.01, cli.fleet.timeScale());
    assertEquals(5, cli.fleet.heartbeatSeconds());
    assertEquals(100, cli.fleet.connectRatePerSecond());
    assertEquals(0.1, cli.fleet.flappingShare());
    assertEquals(750, cli.fleet.slowAckMs());
    assertEquals(-3, cli.fleet.seed());
    assertEquals(30, cli.summarySeconds);
  }

  @Test
  void fallbackBrokersAreTheOtherNodesOfACluster() throws Exception {
    CliOptions cli = parse("--broker", "tcp://10.0.0.5:1883", "--broker-fallback", "10.0.0.6:1883, 10.0.0.7:1884",
        "--directory", "sample");
    assertEquals(List.of(java.net.InetSocketAddress.createUnresolved("10.0.0.6", 1883),
        java.net.InetSocketAddress.createUnresolved("10.0.0.7", 1884)), cli.fleet.fallbackBrokers());
    assertEquals("10.0.0.5", cli.fleet.broker(0).getHostString());
    assertEquals(1884, cli.fleet.broker(2).getPort());
    assertEquals(1883, cli.fleet.broker(3).getPort(), "round the list, back to the main broker");
    assertTrue(usageError("--broker", "tcp://h:1", "--directory", "x", "--broker-fallback", "h2")
        .contains("HOST:PORT,HOST:PORT"));
    assertTrue(parse("--broker", "tcp://h:1", "--directory", "x").fleet.fallbackBrokers().isEmpty());
  }

  @Test
  void defaultsComeFromFleetOptions() throws Exception {
    CliOptions cli = parse("--broker", "tcp://localhost:1883", "--directory", "sample");
    assertNull(cli.count);
    assertEquals(CredentialsFile.DEFAULT_PATH, cli.credentials);
    assertFalse(cli.credentialsGiven);
    assertEquals(FleetOptions.DEFAULT_HEARTBEAT_SECONDS, cli.fleet.heartbeatSeconds());
    assertEquals(FleetOptions.DEFAULT_SEED, cli.fleet.seed());
    assertTrue(parse("--help").help);
    assertTrue(CliOptions.USAGE.contains("--broker tcp://HOST:PORT"));
  }

  @Test
  void badArgumentsSayWhatIsWrong() {
    assertEquals("--broker is required", usageError("--directory", "sample"));
    assertTrue(usageError("--broker", "mqtt://h:1", "--directory", "x").contains("tcp://HOST:PORT"));
    assertTrue(usageError("--broker", "tcp://h", "--directory", "x").contains("tcp://HOST:PORT"));
    assertEquals("unknown option --nope", usageError("--nope", "1"));
    assertEquals("--count needs a value", usageError("--broker", "tcp://h:1", "--directory", "x", "--count"));
    assertTrue(usageError("--broker", "tcp://h:1", "--directory", "x", "--count", "0").startsWith("--count must be"));
    assertTrue(usageError("--broker", "tcp://h:1", "--directory", "x", "--time-scale", "fast").contains("number"));
    assertTrue(usageError("--broker", "tcp://h:1", "--directory", "x", "--offline-share", "0.7",
        "--garbage-share", "0.7").contains("more than 1"));
  }

  @Test
  void directoryFileYieldsEndpointsInFileOrder() throws Exception {
    List<DirectoryFile.Entry> entries = DirectoryFile.load(resource("test-directory.json"));
    assertEquals(5, entries.size());
    assertEquals(new DirectoryFile.Entry("211282901", "211282901001", "211282901001-01"), entries.get(0));
    assertEquals(new DirectoryFile.Entry("211282902", "211282902001", "211282902001-02"), entries.get(4));
    assertTrue(assertThrows(UsageException.class, () -> DirectoryFile.parse(
        Buffer.buffer("{\"townships\":[{\"id\":\"1\",\"villages\":[{\"name\":\"x\"}]}]}"), "f"))
        .getMessage().contains("\"id\" must be a non-empty string"));
    assertTrue(assertThrows(UsageException.class, () -> DirectoryFile.load("/no/such/file.json"))
        .getMessage().contains("does not exist"));
  }

  @Test
  void credentialsAndCountMakeTheSpecs() throws Exception {
    Map<String, String> passwords = CredentialsFile.load(Path.of(resource("test-credentials.csv")));
    assertEquals("pw-c", passwords.get("211282901002-01"));

    List<SimEndpointSpec> specs = SpecLoader.load(parse("--broker", "tcp://h:1", "--directory",
        resource("test-directory.json"), "--credentials", resource("test-credentials.csv"), "--count", "2"));
    assertEquals(List.of(new SimEndpointSpec("211282901001-01", "211282901001", "211282901", "pw-a"),
        new SimEndpointSpec("211282901001-02", "211282901001", "211282901", "pw-b")), specs);

    String tooMany = assertThrows(UsageException.class, () -> SpecLoader.load(parse("--broker", "tcp://h:1",
        "--directory", resource("test-directory.json"), "--credentials", resource("test-credentials.csv"),
        "--count", "6"))).getMessage();
    assertTrue(tooMany.contains("--count 6") && tooMany.contains("only 5 endpoints"), tooMany);

    assertTrue(assertThrows(UsageException.class, () -> CredentialsFile.parse(List.of("id,pw"), "f"))
        .getMessage().contains("first line must be"));
  }

  @Test
  void bundledSampleDirectoryIsConsistent() throws Exception {
    // The sample is packaged from hub/src/main/resources/directory; its content is the hub's business,
    // only its shape is checked here: every endpoint belongs to a village of its township.
    List<DirectoryFile.Entry> sample = DirectoryFile.load(DirectoryFile.SAMPLE);
    assertFalse(sample.isEmpty());
    for (DirectoryFile.Entry entry : sample) {
      assertTrue(entry.endpointId().startsWith(entry.villageId() + "-"), entry.toString());
      assertTrue(entry.villageId().startsWith(entry.townshipId()), entry.toString());
    }
  }
}
