package dev.revsync.simulators.dynamics;

/**
 * The CSDL document at {@code $metadata} for the simulated tables (entity types with their keys and
 * properties, entity sets, WhoAmI and RetrieveVersion), enough for an OData client that reads the
 * service's model before it queries. Stateless.
 */
final class Edmx {
  private Edmx() {}

  static String of(DynamicsSchema schema) {
    StringBuilder b = new StringBuilder(8192);
    b.append("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n")
        .append(
            "<edmx:Edmx Version=\"4.0\" xmlns:edmx=\"http://docs.oasis-open.org/odata/ns/edmx\">\n")
        .append("<edmx:DataServices>\n")
        .append(
            "<Schema Namespace=\"Microsoft.Dynamics.CRM\" Alias=\"mscrm\" xmlns=\"http://docs.oasis-open.org/odata/ns/edm\">\n")
        .append("<EntityType Name=\"crmbaseentity\" Abstract=\"true\"/>\n");
    for (EntityType t : schema.types()) {
      b.append("<EntityType Name=\"")
          .append(t.logicalName())
          .append("\" BaseType=\"mscrm.crmbaseentity\">\n")
          .append("<Key><PropertyRef Name=\"")
          .append(t.primaryId())
          .append("\"/></Key>\n");
      for (Attribute a : t.attributes()) {
        b.append("<Property Name=\"")
            .append(a.property())
            .append("\" Type=\"")
            .append(edmType(a))
            .append("\"/>\n");
      }
      b.append("</EntityType>\n");
    }
    b.append(
            "<ComplexType Name=\"WhoAmIResponse\"><Property Name=\"BusinessUnitId\" Type=\"Edm.Guid\" Nullable=\"false\"/>")
        .append("<Property Name=\"UserId\" Type=\"Edm.Guid\" Nullable=\"false\"/>")
        .append(
            "<Property Name=\"OrganizationId\" Type=\"Edm.Guid\" Nullable=\"false\"/></ComplexType>\n")
        .append(
            "<ComplexType Name=\"RetrieveVersionResponse\"><Property Name=\"Version\" Type=\"Edm.String\"/></ComplexType>\n")
        .append(
            "<Function Name=\"WhoAmI\"><ReturnType Type=\"mscrm.WhoAmIResponse\" Nullable=\"false\"/></Function>\n")
        .append(
            "<Function Name=\"RetrieveVersion\"><ReturnType Type=\"mscrm.RetrieveVersionResponse\" Nullable=\"false\"/></Function>\n")
        .append("<EntityContainer Name=\"System\">\n");
    for (EntityType t : schema.types()) {
      b.append("<EntitySet Name=\"")
          .append(t.entitySetName())
          .append("\" EntityType=\"Microsoft.Dynamics.CRM.")
          .append(t.logicalName())
          .append("\"/>\n");
    }
    b.append("<FunctionImport Name=\"WhoAmI\" Function=\"Microsoft.Dynamics.CRM.WhoAmI\"/>\n")
        .append(
            "<FunctionImport Name=\"RetrieveVersion\" Function=\"Microsoft.Dynamics.CRM.RetrieveVersion\"/>\n")
        .append("</EntityContainer>\n</Schema>\n</edmx:DataServices>\n</edmx:Edmx>\n");
    return b.toString();
  }

  private static String edmType(Attribute a) {
    return switch (a.type()) {
      case "Uniqueidentifier", "Lookup", "Customer", "Owner" -> "Edm.Guid";
      case "Integer", "Picklist", "State", "Status" -> "Edm.Int32";
      case "BigInt" -> "Edm.Int64";
      case "Decimal", "Money" -> "Edm.Decimal";
      case "Double" -> "Edm.Double";
      case "Boolean" -> "Edm.Boolean";
      case "DateTime" -> a.dateOnly() ? "Edm.Date" : "Edm.DateTimeOffset";
      default -> "Edm.String";
    };
  }
}
