package dev.revsync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * VerifyResult, FieldSchema, ObjectSchema and Catalog: the values connectors build with builders.
 */
class SchemaAndVerifyBuildersTest {

  @Test
  void aVerifyResultNeedsOnlyItsSystemAndDefaultsTheRestToUnknown() {
    VerifyResult v = VerifyResult.builder("acme").build();

    assertThat(v.system()).isEqualTo("acme");
    assertThat(v.organizationId()).isNull();
    assertThat(v.user()).isNull();
    assertThat(v.baseUrl()).isNull();
    assertThat(v.permissions()).isEmpty();
    assertThat(v.systemDailyLimit()).isEmpty();
    assertThat(v.systemRemaining()).isEmpty();
    assertThat(v.details()).isEmpty();
    assertThat(v.callsSpent()).isZero();
  }

  @Test
  void aVerifyResultKeepsEveryPartAndCopiesTheCallersCollections() {
    List<String> scopes = new ArrayList<>(List.of("api", "refresh_token"));
    Map<String, String> details = new LinkedHashMap<>(Map.of("edition", "Enterprise"));
    VerifyResult v =
        VerifyResult.builder("salesforce")
            .organizationId("00D1")
            .user("sync@acme.test")
            .baseUrl("https://acme.my.salesforce.com")
            .permissions(scopes)
            .permission("web")
            .systemDailyLimit(15_000)
            .systemRemaining(OptionalLong.of(14_990))
            .details(details)
            .detail("pod", "na1")
            .callsSpent(3)
            .build();
    scopes.add("full");
    details.put("late", "x");

    assertThat(v.organizationId()).isEqualTo("00D1");
    assertThat(v.user()).isEqualTo("sync@acme.test");
    assertThat(v.baseUrl()).isEqualTo("https://acme.my.salesforce.com");
    assertThat(v.permissions()).containsExactly("api", "refresh_token", "web");
    assertThat(v.systemDailyLimit()).hasValue(15_000);
    assertThat(v.systemRemaining()).hasValue(14_990);
    assertThat(v.details())
        .containsOnly(Map.entry("edition", "Enterprise"), Map.entry("pod", "na1"));
    assertThat(v.callsSpent()).isEqualTo(3);
    assertThat(v.toString()).contains("system=salesforce", "organizationId=00D1", "callsSpent=3");
    assertThatThrownBy(() -> v.permissions().add("x"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void verifyResultsWithTheSamePartsAreEqual() {
    VerifyResult a =
        VerifyResult.builder("acme").user("u").systemRemaining(5).callsSpent(1).build();
    VerifyResult b =
        VerifyResult.builder("acme").user("u").systemRemaining(5).callsSpent(1).build();
    VerifyResult c =
        VerifyResult.builder("acme").user("u").systemRemaining(4).callsSpent(1).build();

    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b).isNotEqualTo(c);
  }

  @Test
  void aVerifyResultRefusesBadPartsNamingTheValue() {
    assertThatThrownBy(() -> VerifyResult.builder(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("system");
    assertThatThrownBy(() -> VerifyResult.builder(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("system must not be blank: ' '");
    assertThatThrownBy(() -> VerifyResult.builder("acme").callsSpent(-2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("callsSpent must not be negative: -2");
    assertThatThrownBy(() -> VerifyResult.builder("acme").detail("pod", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("value of detail pod");
  }

  @Test
  void aSystemMayReportUsageOverItsAllowance() {
    assertThat(VerifyResult.builder("salesforce").systemRemaining(-10).build().systemRemaining())
        .hasValue(-10);
  }

  @Test
  void aFieldNeedsANameAndATypeAndDefaultsToAReadOnlyPlainFieldLabelledWithItsName() {
    FieldSchema f = FieldSchema.of("Email", FieldType.STRING);

    assertThat(f.name()).isEqualTo("Email");
    assertThat(f.label()).isEqualTo("Email");
    assertThat(f.type()).isEqualTo(FieldType.STRING);
    assertThat(f.vendorType()).isNull();
    assertThat(f.createable()).isFalse();
    assertThat(f.updateable()).isFalse();
    assertThat(f.externalId()).isFalse();
    assertThat(f.compound()).isFalse();
    assertThat(f).isEqualTo(FieldSchema.builder("Email", FieldType.STRING).label(null).build());
    assertThatThrownBy(() -> FieldSchema.builder(null, FieldType.STRING))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("name");
    assertThatThrownBy(() -> FieldSchema.builder("Score__c", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("type of field Score__c");
  }

  @Test
  void eachFlagOfAFieldIsSetOnItsOwn() {
    FieldSchema.Builder base =
        FieldSchema.builder("Ext__c", FieldType.STRING).label("External").vendorType("string");
    FieldSchema createable =
        FieldSchema.builder("Ext__c", FieldType.STRING).createable(true).build();
    FieldSchema updateable =
        FieldSchema.builder("Ext__c", FieldType.STRING).updateable(true).build();
    FieldSchema externalId =
        FieldSchema.builder("Ext__c", FieldType.STRING).externalId(true).build();
    FieldSchema compound = FieldSchema.builder("Ext__c", FieldType.STRING).compound(true).build();

    assertThat(
            List.of(
                createable.createable(),
                createable.updateable(),
                createable.externalId(),
                createable.compound()))
        .containsExactly(true, false, false, false);
    assertThat(
            List.of(
                updateable.createable(),
                updateable.updateable(),
                updateable.externalId(),
                updateable.compound()))
        .containsExactly(false, true, false, false);
    assertThat(
            List.of(
                externalId.createable(),
                externalId.updateable(),
                externalId.externalId(),
                externalId.compound()))
        .containsExactly(false, false, true, false);
    assertThat(
            List.of(
                compound.createable(),
                compound.updateable(),
                compound.externalId(),
                compound.compound()))
        .containsExactly(false, false, false, true);
    FieldSchema all =
        base.createable(true).updateable(true).externalId(true).compound(true).build();
    assertThat(all.label()).isEqualTo("External");
    assertThat(all.vendorType()).isEqualTo("string");
    assertThat(all).isNotEqualTo(createable);
    assertThat(all.toString()).contains("name=Ext__c", "externalId=true");
  }

  @Test
  void anObjectNeedsOnlyANameAndFindsItsFieldsIgnoringCase() {
    ObjectSchema bare = ObjectSchema.builder("Lead").build();
    assertThat(bare.label()).isEqualTo("Lead");
    assertThat(bare.fields()).isEmpty();
    assertThat(bare.cursorField()).isNull();
    assertThat(bare.deletes()).isNull();

    List<FieldSchema> fields = new ArrayList<>(List.of(FieldSchema.of("Id", FieldType.ID)));
    ObjectSchema lead =
        ObjectSchema.builder("Lead")
            .label("Leads")
            .fields(fields)
            .field(FieldSchema.of("SystemModstamp", FieldType.DATETIME))
            .cursorField("SystemModstamp")
            .deletes("queryAll IsDeleted")
            .build();
    fields.clear();

    assertThat(lead.fields()).extracting(FieldSchema::name).containsExactly("Id", "SystemModstamp");
    assertThat(lead.field("systemmodstamp"))
        .contains(FieldSchema.of("SystemModstamp", FieldType.DATETIME));
    assertThat(lead.field("Email")).isEmpty();
    assertThat(lead.label()).isEqualTo("Leads");
    assertThat(lead.cursorField()).isEqualTo("SystemModstamp");
    assertThat(lead.deletes()).isEqualTo("queryAll IsDeleted");
    assertThat(lead)
        .isEqualTo(
            ObjectSchema.builder("Lead")
                .label("Leads")
                .fields(lead.fields())
                .cursorField("SystemModstamp")
                .deletes("queryAll IsDeleted")
                .build());
    assertThatThrownBy(() -> ObjectSchema.builder("Lead").field(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("a field of Lead");
  }

  @Test
  void aCatalogListsItsObjectsInOrderAndFindsThemIgnoringCase() {
    Catalog catalog =
        Catalog.of(
            "acme",
            List.of(
                ObjectSchema.builder("Contact").build(), ObjectSchema.builder("Account").build()));

    assertThat(catalog.system()).isEqualTo("acme");
    assertThat(catalog.objects())
        .extracting(ObjectSchema::name)
        .containsExactly("Contact", "Account");
    assertThat(catalog.object("account")).map(ObjectSchema::name).contains("Account");
    Catalog same = Catalog.of("acme", List.copyOf(catalog.objects()));
    assertThat(catalog)
        .isEqualTo(same)
        .hasSameHashCodeAs(same)
        .isNotEqualTo(Catalog.of("other", catalog.objects()));
    assertThatThrownBy(() -> Catalog.of(null, List.of()))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("system");
  }
}
