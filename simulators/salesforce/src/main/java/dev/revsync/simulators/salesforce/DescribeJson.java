package dev.revsync.simulators.salesforce;

import com.squareup.moshi.JsonWriter;
import java.io.IOException;

/** describeGlobal and describe bodies, with the properties the protocol notes list. */
final class DescribeJson {
  private DescribeJson() {}

  static void global(JsonWriter w, SalesforceSchema schema, String version) throws IOException {
    w.beginObject();
    w.name("encoding").value("UTF-8");
    w.name("maxBatchSize").value(200);
    w.name("sobjects").beginArray();
    for (SObjectType t : schema.types()) {
      w.beginObject();
      objectFlags(w, t, version);
      w.endObject();
    }
    w.endArray();
    w.endObject();
  }

  private static void objectFlags(JsonWriter w, SObjectType t, String version) throws IOException {
    boolean user = t.name().equals("User");
    w.name("activateable").value(false);
    w.name("createable").value(true);
    w.name("custom").value(false);
    w.name("customSetting").value(false);
    w.name("deepCloneable").value(false);
    w.name("deletable").value(t.deletable());
    w.name("deprecatedAndHidden").value(false);
    w.name("feedEnabled").value(!t.name().equals("CampaignMember") && !t.name().equals("Task"));
    w.name("hasSubtypes").value(false);
    w.name("isInterface").value(false);
    w.name("isSubtype").value(false);
    w.name("keyPrefix").value(t.keyPrefix());
    w.name("label").value(t.label());
    w.name("labelPlural").value(t.labelPlural());
    w.name("layoutable").value(true);
    w.name("mergeable")
        .value(t.name().equals("Account") || t.name().equals("Contact") || t.name().equals("Lead"));
    w.name("mruEnabled").value(!t.name().equals("CampaignMember"));
    w.name("name").value(t.name());
    w.name("queryable").value(true);
    w.name("replicateable").value(true);
    w.name("retrieveable").value(true);
    w.name("searchable").value(!t.name().equals("CampaignMember"));
    w.name("triggerable").value(true);
    w.name("undeletable").value(!user);
    w.name("updateable").value(true);
    String base = "/services/data/v" + version + "/sobjects/" + t.name();
    w.name("urls")
        .beginObject()
        .name("rowTemplate")
        .value(base + "/{ID}")
        .name("defaultValues")
        .value(base + "/defaultValues?recordTypeId&fields")
        .name("describe")
        .value(base + "/describe")
        .name("sobject")
        .value(base)
        .endObject();
  }

  static void describe(JsonWriter w, SObjectType t, String version) throws IOException {
    w.beginObject();
    objectFlags(w, t, version);
    w.name("childRelationships").beginArray();
    for (SObjectType.ChildRelationship c : t.children()) {
      w.beginObject()
          .name("cascadeDelete")
          .value(c.cascadeDelete())
          .name("childSObject")
          .value(c.childSObject())
          .name("deprecatedAndHidden")
          .value(false)
          .name("field")
          .value(c.field())
          .name("junctionIdListNames")
          .beginArray()
          .endArray()
          .name("junctionReferenceTo")
          .beginArray()
          .endArray()
          .name("relationshipName")
          .value(c.relationshipName())
          .name("restrictedDelete")
          .value(false)
          .endObject();
    }
    w.endArray();
    w.name("fields").beginArray();
    for (SfField f : t.fields()) field(w, f);
    w.endArray();
    w.name("recordTypeInfos")
        .beginArray()
        .beginObject()
        .name("active")
        .value(true)
        .name("available")
        .value(true)
        .name("defaultRecordTypeMapping")
        .value(true)
        .name("developerName")
        .value("Master")
        .name("master")
        .value(true)
        .name("name")
        .value("Master")
        .name("recordTypeId")
        .value("012000000000000AAA")
        .name("urls")
        .beginObject()
        .name("layout")
        .value(
            "/services/data/v"
                + version
                + "/sobjects/"
                + t.name()
                + "/describe/layouts/012000000000000AAA")
        .endObject()
        .endObject()
        .endArray();
    w.endObject();
  }

  private static void field(JsonWriter w, SfField f) throws IOException {
    boolean text = f.isText() || f.isIdLike();
    w.beginObject();
    w.name("aggregatable").value(f.filterable() && !f.isCompound());
    w.name("autoNumber").value(false);
    w.name("byteLength").value(text ? f.length() * 3 : 0);
    w.name("calculated").value(f.calculated());
    w.name("caseSensitive").value(false);
    w.name("compoundFieldName").value(f.compoundFieldName());
    w.name("createable").value(f.createable());
    w.name("custom").value(f.custom());
    w.name("defaultValue").nullValue();
    w.name("defaultedOnCreate").value(f.defaultedOnCreate());
    w.name("dependentPicklist").value(false);
    w.name("deprecatedAndHidden").value(false);
    w.name("digits").value(f.digits());
    w.name("externalId").value(f.externalId());
    w.name("filterable").value(f.filterable());
    w.name("groupable").value(f.sortable() && !f.type().equals("datetime"));
    w.name("htmlFormatted").value(false);
    w.name("idLookup").value(f.idLookup());
    w.name("label").value(f.label());
    w.name("length").value(text ? f.length() : 0);
    w.name("name").value(f.name());
    w.name("nameField").value(f.name().equals("Name"));
    w.name("namePointing").value(f.isReference() && f.referenceTo().size() > 1);
    w.name("nillable").value(f.nillable());
    w.name("permissionable")
        .value(f.nillable() && f.source() == SfField.Source.STORED && !f.calculated());
    w.name("picklistValues").beginArray();
    for (int i = 0; i < f.picklistValues().size(); i++) {
      String v = f.picklistValues().get(i);
      w.beginObject()
          .name("active")
          .value(true)
          .name("defaultValue")
          .value(false)
          .name("label")
          .value(v)
          .name("validFor")
          .nullValue()
          .name("value")
          .value(v)
          .endObject();
    }
    w.endArray();
    w.name("polymorphicForeignKey").value(f.isReference() && f.referenceTo().size() > 1);
    w.name("precision").value(f.precision());
    w.name("referenceTargetField").nullValue();
    w.name("referenceTo").beginArray();
    for (String r : f.referenceTo()) w.value(r);
    w.endArray();
    w.name("relationshipName").value(f.relationshipName());
    w.name("relationshipOrder").nullValue();
    w.name("restrictedPicklist").value(false);
    w.name("scale").value(f.scale());
    w.name("soapType").value(f.soapType());
    w.name("sortable").value(f.sortable());
    w.name("type").value(f.type());
    w.name("unique").value(f.unique());
    w.name("updateable").value(f.updateable());
    w.endObject();
  }
}
