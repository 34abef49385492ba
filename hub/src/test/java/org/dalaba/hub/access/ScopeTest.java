package org.dalaba.hub.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.dalaba.hub.alert.Targets;
import org.dalaba.hub.directory.Contact;
import org.dalaba.hub.directory.Directory;
import org.dalaba.hub.directory.Endpoint;
import org.dalaba.hub.directory.Township;
import org.dalaba.hub.directory.Village;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ScopeTest {
  /** Two townships (A: villages a1, a2; B: village b1), one endpoint each. */
  static final Directory DIRECTORY = new Directory("c", "县", List.of(
      township("A", village("a1", "A"), village("a2", "A")),
      township("B", village("b1", "B"))));

  static Village village(String id, String township) {
    return new Village(id, id, township, true, Contact.NONE, null, null, List.of(new Endpoint(id + "-01", id, township)));
  }

  static Township township(String id, Village... villages) {
    return new Township(id, id, true, List.of(villages));
  }

  static Targets townships(String... ids) {
    return new Targets(false, List.of(ids), List.of());
  }

  static Targets villages(String... ids) {
    return new Targets(false, List.of(), List.of(ids));
  }

  @Test
  void aTownshipScopeCoversOnlyItsOwnTownshipAndVillages() {
    Scope a = Scope.township("A");
    assertTrue(a.covers(townships("A"), DIRECTORY));
    assertTrue(a.covers(villages("a1", "a2"), DIRECTORY));
    assertFalse(a.covers(townships("B"), DIRECTORY));
    assertFalse(a.covers(villages("a1", "b1"), DIRECTORY), "one village outside is enough to refuse");
    assertFalse(a.covers(Targets.everyone(), DIRECTORY), "the whole county is not its to address");
    assertFalse(a.covers(villages("nowhere"), DIRECTORY));
  }

  @Test
  void aScopeSeesABroadcastThatReachesAnyOfItsVillages() {
    Scope a1 = Scope.village("a1");
    assertTrue(a1.touches(Targets.everyone(), DIRECTORY));
    assertTrue(a1.touches(townships("A"), DIRECTORY));
    assertFalse(a1.touches(villages("a2", "b1"), DIRECTORY));
    assertTrue(Scope.COUNTY.touches(villages("b1"), DIRECTORY));
    assertTrue(Scope.COUNTY.covers(Targets.everyone(), DIRECTORY));
  }

  @Test
  void scopesAreStoredAsTextAndBadTextIsNoScope() {
    for (Scope scope : List.of(Scope.COUNTY, Scope.township("A"), Scope.village("a1"))) {
      assertEquals(scope, Scope.parse(scope.stored()));
    }
    assertNull(Scope.parse("township:"));
    assertNull(Scope.parse("province:1"));
    assertNull(Scope.parse("a1"));
  }

  @Test
  void rolesAllowOnlyTheirScopeKindsAndPermissions() {
    assertTrue(Role.TOWNSHIP_OPERATOR.allowsScope(Scope.Kind.TOWNSHIP));
    assertFalse(Role.TOWNSHIP_OPERATOR.allowsScope(Scope.Kind.COUNTY));
    assertFalse(Role.VIEWER.may(Permission.SEND_ALERTS));
    assertTrue(Role.EMERGENCY_STAFF.may(Permission.SEND_ALERTS));
    assertFalse(Role.EMERGENCY_STAFF.may(Permission.PROGRAMMES));
    assertTrue(Role.ADMIN.may(Permission.ADMINISTER));
    assertEquals(Role.ADMIN, Role.parse("admin"), "the first admin, stored before roles had scopes, stays admin");
    assertNull(Role.parse("root"));
  }
}
