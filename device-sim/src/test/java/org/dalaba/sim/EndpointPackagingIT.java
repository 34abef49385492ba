package org.dalaba.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * device-sim/packaging as an installer meets it: install.sh lays the endpoint out with private modes (run with
 * ROOT=, so without a user or systemctl), refuses a provisioning file of another endpoint or one without its
 * password, and the systemd unit passes systemd-analyze.
 */
class EndpointPackagingIT {

  static final Path PACKAGING = Path.of("packaging");

  @TempDir
  Path dir;

  @Test
  void installLaysTheEndpointOutWithPrivateModes() throws Exception {
    Path root = dir.resolve("root");
    Path file = provisioning("211282105001-01", "\"s3cret\"");
    assertEquals(0, install(root, "211282105001-01", file, "plughw:1,0", "--", "--hub-url", "https://hub.example:8443"));
    assertEquals("rw-------", mode(root.resolve("etc/dalaba-endpoint/credentials.json")));
    assertEquals("rwxr-x---", mode(root.resolve("etc/dalaba-endpoint")));
    assertEquals("rw-r-----", mode(root.resolve("etc/dalaba-endpoint/endpoint.env")));
    assertEquals("rwx------", mode(root.resolve("var/lib/dalaba-endpoint/cache")));
    String env = Files.readString(root.resolve("etc/dalaba-endpoint/endpoint.env"));
    assertTrue(env.contains("ENDPOINT_ID=211282105001-01\nAUDIO_OUT=plughw:1,0\nEXTRA_ARGS=--hub-url https://hub.example:8443\n"), env);
    assertTrue(Files.exists(root.resolve("etc/systemd/system/dalaba-endpoint.service")));
    assertTrue(Files.isExecutable(root.resolve("opt/dalaba-endpoint/dalaba-endpoint-status")));
  }

  @Test
  void installRefusesAnotherEndpointsFileAndOneWithoutItsPassword() throws Exception {
    assertNotEquals(0, install(dir.resolve("a"), "211282105001-01", provisioning("211282105001-02", "\"x\""), "default"));
    assertNotEquals(0, install(dir.resolve("b"), "211282105001-01", provisioning("211282105001-01", "null"), "default"));
  }

  @Test
  void theUnitIsValidAndHardened() throws Exception {
    String unit = Files.readString(PACKAGING.resolve("dalaba-endpoint.service"));
    for (String line : List.of("User=dalaba-endpoint", "SupplementaryGroups=audio", "ProtectSystem=strict", "PrivateTmp=true",
        "NoNewPrivileges=true", "DeviceAllow=char-alsa rw")) {
      assertTrue(unit.contains(line + "\n"), line);
    }
    Path analyze = Path.of("/usr/bin/systemd-analyze");
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(analyze), "systemd-analyze (Debian package systemd) checks the unit");
    Process p = new ProcessBuilder(analyze.toString(), "verify", PACKAGING.resolve("dalaba-endpoint.service").toString())
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertEquals(0, p.waitFor(), out);
  }

  private Path provisioning(String id, String password) throws Exception {
    Path file = dir.resolve(id + "-" + password.hashCode() + ".json");
    Files.writeString(file, "{\"endpointId\":\"" + id + "\",\"username\":\"" + id + "\",\"password\":" + password
        + ",\"broker\":\"tcp://hub:1883\",\"villageId\":\"211282105001\",\"townshipId\":\"211282105\",\"hubKeys\":[]}");
    return file;
  }

  private int install(Path root, String... args) throws Exception {
    Path jar = dir.resolve("device-sim.jar");
    if (!Files.exists(jar)) {
      Files.writeString(jar, "not really a jar");
    }
    List<String> command = new java.util.ArrayList<>(List.of("sh", PACKAGING.resolve("install.sh").toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(Map.of("ROOT", root.toString(), "JAR", jar.toString()));
    Process p = builder.start();
    System.out.print(new String(p.getInputStream().readAllBytes()));
    return p.waitFor();
  }

  private int install(Path root, String id, Path file, String... more) throws Exception {
    String[] args = new String[2 + more.length];
    args[0] = id;
    args[1] = file.toString();
    System.arraycopy(more, 0, args, 2, more.length);
    return install(root, args);
  }

  private static String mode(Path p) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }
}
