package dev.revsync.simulators.salesforce;

import java.util.List;

/**
 * One field of a simulated sObject, with the describe properties a connector reads. {@code source}
 * says where the value comes from: the record's own metadata (id, timestamps, deleted flag), the
 * components of a compound address, or the stored field map.
 */
record SfField(
    String name,
    String label,
    String type,
    String soapType,
    int length,
    int precision,
    int scale,
    int digits,
    boolean nillable,
    boolean createable,
    boolean updateable,
    boolean filterable,
    boolean sortable,
    boolean unique,
    boolean externalId,
    boolean idLookup,
    boolean calculated,
    boolean defaultedOnCreate,
    List<String> referenceTo,
    String relationshipName,
    List<String> picklistValues,
    String compoundFieldName,
    boolean custom,
    Source source) {

  /** Where a field's value lives. */
  enum Source {
    ID,
    DELETED,
    CREATED,
    MODIFIED,
    ADDRESS,
    STORED
  }

  SfField {
    referenceTo = List.copyOf(referenceTo);
    picklistValues = List.copyOf(picklistValues);
  }

  boolean isCompound() {
    return type.equals("address") || type.equals("location");
  }

  boolean isReference() {
    return type.equals("reference");
  }

  boolean isText() {
    return switch (type) {
      case "string",
          "textarea",
          "picklist",
          "multipicklist",
          "combobox",
          "email",
          "phone",
          "url",
          "encryptedstring" ->
          true;
      default -> false;
    };
  }

  boolean isIdLike() {
    return type.equals("id") || type.equals("reference");
  }

  boolean isNumeric() {
    return switch (type) {
      case "int", "long", "double", "currency", "percent" -> true;
      default -> false;
    };
  }

  /** The type named in "must be of type X" messages. */
  String filterTypeName() {
    return switch (type) {
      case "datetime" -> "dateTime";
      case "currency", "percent", "double" -> "double";
      case "int" -> "int";
      case "long" -> "long";
      case "boolean" -> "boolean";
      case "date" -> "date";
      default -> "string";
    };
  }

  static Builder builder(String name, String type) {
    return new Builder(name, type);
  }

  /** Fluent construction with sensible per-type defaults. */
  static final class Builder {
    private final String name;
    private final String type;
    private String label;
    private int length;
    private int precision;
    private int scale;
    private int digits;
    private boolean nillable = true;
    private boolean createable = true;
    private boolean updateable = true;
    private boolean filterable = true;
    private boolean sortable = true;
    private boolean unique;
    private boolean externalId;
    private boolean idLookup;
    private boolean calculated;
    private boolean defaultedOnCreate;
    private List<String> referenceTo = List.of();
    private String relationshipName;
    private List<String> picklistValues = List.of();
    private String compoundFieldName;
    private Source source = Source.STORED;

    private Builder(String name, String type) {
      this.name = name;
      this.type = type;
      this.label = defaultLabel(name);
      switch (type) {
        case "id", "reference" -> length = 18;
        case "string", "url", "picklist", "combobox" -> length = 255;
        case "email" -> length = 80;
        case "phone" -> length = 40;
        case "textarea" -> {
          length = 32000;
          sortable = false;
          filterable = false;
        }
        case "int" -> digits = 9;
        case "double", "currency" -> {
          precision = 18;
          scale = 2;
        }
        case "percent" -> precision = 3;
        case "address" -> {
          createable = false;
          updateable = false;
          filterable = false;
          sortable = false;
        }
        default -> {}
      }
    }

    private static String defaultLabel(String name) {
      String base = name.endsWith("__c") ? name.substring(0, name.length() - 3) : name;
      if (base.endsWith("Id") && base.length() > 2)
        base = base.substring(0, base.length() - 2) + " ID";
      return base.replace('_', ' ').replaceAll("([a-z])([A-Z])", "$1 $2");
    }

    Builder label(String v) {
      label = v;
      return this;
    }

    Builder length(int v) {
      length = v;
      return this;
    }

    Builder number(int precision, int scale) {
      this.precision = precision;
      this.scale = scale;
      return this;
    }

    Builder digits(int v) {
      digits = v;
      return this;
    }

    Builder required() {
      nillable = false;
      return this;
    }

    Builder readOnly() {
      createable = false;
      updateable = false;
      return this;
    }

    Builder notUpdateable() {
      updateable = false;
      return this;
    }

    Builder notFilterable() {
      filterable = false;
      sortable = false;
      return this;
    }

    Builder unique() {
      unique = true;
      return this;
    }

    Builder externalId() {
      externalId = true;
      idLookup = true;
      return this;
    }

    Builder idLookup() {
      idLookup = true;
      return this;
    }

    Builder calculated() {
      calculated = true;
      createable = false;
      updateable = false;
      return this;
    }

    Builder defaulted() {
      defaultedOnCreate = true;
      return this;
    }

    Builder references(String relationshipName, String... objects) {
      this.referenceTo = List.of(objects);
      this.relationshipName = relationshipName;
      return this;
    }

    Builder picklist(String... values) {
      this.picklistValues = List.of(values);
      return this;
    }

    Builder compoundOf(String compound) {
      this.compoundFieldName = compound;
      return this;
    }

    Builder source(Source v) {
      source = v;
      return this;
    }

    SfField build() {
      String soapType =
          switch (type) {
            case "id", "reference" -> "tns:ID";
            case "boolean" -> "xsd:boolean";
            case "int" -> "xsd:int";
            case "long" -> "xsd:long";
            case "double", "currency", "percent" -> "xsd:double";
            case "date" -> "xsd:date";
            case "datetime" -> "xsd:dateTime";
            case "time" -> "xsd:time";
            case "base64" -> "xsd:base64Binary";
            case "address" -> "urn:address";
            case "location" -> "urn:location";
            case "anyType" -> "xsd:anyType";
            default -> "xsd:string";
          };
      return new SfField(
          name,
          label,
          type,
          soapType,
          length,
          precision,
          scale,
          digits,
          nillable,
          createable,
          updateable,
          filterable,
          sortable,
          unique,
          externalId,
          idLookup,
          calculated,
          defaultedOnCreate,
          referenceTo,
          relationshipName,
          picklistValues,
          compoundFieldName,
          name.endsWith("__c"),
          source);
    }
  }
}
