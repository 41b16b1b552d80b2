package ai.chaukas.spec.toolkit.json;

import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.NullValue;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An enum's names in both JSON forms. The OpenAPI form drops the prefix that every value shares,
 * taken from the zero value: {@code EVENT_TYPE_UNSPECIFIED} gives {@code EVENT_TYPE_}. An enum whose
 * zero value is not called {@code *UNSPECIFIED} keeps its names.
 */
final class EnumInfo {

  private static final String UNSPECIFIED = "UNSPECIFIED";
  private static final Map<EnumDescriptor, EnumInfo> CACHE = new ConcurrentHashMap<>();

  final EnumDescriptor descriptor;
  final String fullName;
  /** True for google.protobuf.NullValue, which both forms write as JSON null. */
  final boolean isNullValue;
  /** The zero value when it means "not set" ({@code *UNSPECIFIED}), otherwise null. */
  final EnumValueDescriptor unspecified;
  final String prefix;
  /** Quoted OpenAPI names, by value index. */
  private final String[] quotedOpenApiNames;
  private final Map<String, EnumValueDescriptor> byOpenApiName = new HashMap<>();
  final String proto3Names;
  final String openApiNames;

  private EnumInfo(EnumDescriptor descriptor) {
    this.descriptor = descriptor;
    this.fullName = descriptor.getFullName();
    this.isNullValue = fullName.equals(NullValue.getDescriptor().getFullName());
    List<EnumValueDescriptor> values = descriptor.getValues();
    EnumValueDescriptor zero = descriptor.findValueByNumber(0);
    boolean hasUnspecified = zero != null && zero.getName().endsWith(UNSPECIFIED);
    this.unspecified = hasUnspecified ? zero : null;
    this.prefix =
        hasUnspecified ? zero.getName().substring(0, zero.getName().length() - UNSPECIFIED.length()) : "";
    this.quotedOpenApiNames = new String[values.size()];
    StringJoiner proto3 = new StringJoiner(", ");
    StringJoiner openApi = new StringJoiner(", ");
    for (EnumValueDescriptor value : values) {
      String name = value.getName();
      String openApiName = name.startsWith(prefix) ? name.substring(prefix.length()) : name;
      quotedOpenApiNames[value.getIndex()] = '"' + openApiName + '"';
      byOpenApiName.put(openApiName, value);
      proto3.add(name);
      if (value != unspecified) {
        openApi.add(openApiName);
      }
    }
    this.proto3Names = proto3.toString();
    this.openApiNames = openApi.toString();
  }

  static EnumInfo of(EnumDescriptor descriptor) {
    return CACHE.computeIfAbsent(descriptor, EnumInfo::new);
  }

  /** Returns the value for an OpenAPI name, or null; the caller rejects {@link #unspecified}. */
  EnumValueDescriptor forOpenApiName(String name) {
    return byOpenApiName.get(name);
  }

  /** Returns the quoted OpenAPI name of a value declared in the enum. */
  String quotedOpenApiName(EnumValueDescriptor value) {
    return quotedOpenApiNames[value.getIndex()];
  }
}
