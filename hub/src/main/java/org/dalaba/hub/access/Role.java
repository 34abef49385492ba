package org.dalaba.hub.access;

import java.util.EnumSet;
import java.util.Set;

/**
 * What a console user may do (三级平台: county, township, village operators, plus emergency staff,
 * viewers and administrators). Where they may do it is their {@link Scope}; each role allows only the
 * scope kinds listed, so e.g. a township operator always has exactly one township.
 */
public enum Role {
  ADMIN("admin", "管理员", "Administrator", EnumSet.allOf(Permission.class), EnumSet.of(Scope.Kind.COUNTY)),
  COUNTY_OPERATOR("county_operator", "县级操作员", "County operator",
      EnumSet.of(Permission.VIEW, Permission.SEND_ALERTS, Permission.PROGRAMMES), EnumSet.of(Scope.Kind.COUNTY)),
  TOWNSHIP_OPERATOR("township_operator", "乡镇操作员", "Township operator",
      EnumSet.of(Permission.VIEW, Permission.SEND_ALERTS, Permission.PROGRAMMES), EnumSet.of(Scope.Kind.TOWNSHIP)),
  VILLAGE_OPERATOR("village_operator", "村级操作员", "Village operator",
      EnumSet.of(Permission.VIEW, Permission.SEND_ALERTS, Permission.PROGRAMMES), EnumSet.of(Scope.Kind.VILLAGE)),
  EMERGENCY_STAFF("emergency_staff", "应急值班人员", "Emergency staff",
      EnumSet.of(Permission.VIEW, Permission.SEND_ALERTS), EnumSet.allOf(Scope.Kind.class)),
  VIEWER("viewer", "只读用户", "Viewer", EnumSet.of(Permission.VIEW), EnumSet.allOf(Scope.Kind.class));

  public final String wire;
  public final String chinese;
  public final String english;
  private final Set<Permission> permissions;
  private final Set<Scope.Kind> scopeKinds;

  Role(String wire, String chinese, String english, Set<Permission> permissions, Set<Scope.Kind> scopeKinds) {
    this.wire = wire;
    this.chinese = chinese;
    this.english = english;
    this.permissions = permissions;
    this.scopeKinds = scopeKinds;
  }

  public boolean may(Permission permission) {
    return permissions.contains(permission);
  }

  public Set<Permission> permissions() {
    return Set.copyOf(permissions);
  }

  public boolean allowsScope(Scope.Kind kind) {
    return scopeKinds.contains(kind);
  }

  public Set<Scope.Kind> scopeKinds() {
    return Set.copyOf(scopeKinds);
  }

  /** @return the role with this wire name, or null; "admin" of accounts made before roles existed included */
  public static Role parse(String wire) {
    for (Role role : values()) {
      if (role.wire.equals(wire)) {
        return role;
      }
    }
    return null;
  }
}
