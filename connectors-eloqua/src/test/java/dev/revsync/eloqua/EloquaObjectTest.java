package dev.revsync.eloqua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.revsync.VendorApiException;
import org.junit.jupiter.api.Test;

class EloquaObjectTest {

  @Test
  void namesMapToBulkPathsAndMarkup() {
    EloquaObject contact = EloquaObject.parse("contact");
    assertThat(contact.path()).isEqualTo("/contacts");
    assertThat(contact.cursorStatement()).isEqualTo("{{Contact.UpdatedAt}}");
    EloquaObject open = EloquaObject.parse("emailopen");
    assertThat(open.name()).isEqualTo("EmailOpen");
    assertThat(open.cursorStatement()).isEqualTo("{{Activity.CreatedAt}}");
    assertThat(open.fieldsPath()).isEqualTo("/activities/fields?activityType=EmailOpen&");
    assertThat(open.isWritable()).isFalse();
    EloquaObject purchase = EloquaObject.parse("CustomObject[7]");
    assertThat(purchase.path()).isEqualTo("/customObjects/7");
    assertThat(purchase.idStatement()).isEqualTo("{{CustomObject[7].Id}}");
    assertThat(EloquaObject.parse("Activity:WebinarAttended").activityType())
        .isEqualTo("WebinarAttended");
  }

  @Test
  void anUnknownNameIsAVendorErrorListingWhatExists() {
    assertThatThrownBy(() -> EloquaObject.parse("Lead"))
        .isInstanceOf(VendorApiException.class)
        .hasMessageContaining("Lead")
        .hasMessageContaining("CustomObject[<id>]");
  }
}
