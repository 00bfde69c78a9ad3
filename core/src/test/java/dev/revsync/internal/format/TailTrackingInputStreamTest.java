package dev.revsync.internal.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TailTrackingInputStreamTest {

  @Test
  void quotesEndingTheInputAreCountedWithTrailingLineBreaksIgnored() throws IOException {
    assertThat(trailingQuotesReadInBlocks("a,\"b\"\r\n", 64)).isEqualTo(1);
    assertThat(trailingQuotesReadInBlocks("a,\"b\"\"\"", 64)).isEqualTo(3);
    assertThat(trailingQuotesReadInBlocks("a,\"b\"\n\"", 64)).isEqualTo(1);
    assertThat(trailingQuotesReadInBlocks("a,b\n", 64)).isZero();
    assertThat(trailingQuotesReadInBlocks("", 64)).isZero();
  }

  @Test
  void readingInBlocksOfAnySizeTracksTheSameAsByteByByte() throws IOException {
    Random random = new Random(3);
    byte[] alphabet = "\"\"\"\n\rab,".getBytes(StandardCharsets.US_ASCII);
    for (int n = 0; n < 5_000; n++) {
      byte[] body = new byte[random.nextInt(40)];
      for (int i = 0; i < body.length; i++) body[i] = alphabet[random.nextInt(alphabet.length)];
      TailTrackingInputStream bytewise =
          new TailTrackingInputStream(new ByteArrayInputStream(body), '"');
      while (bytewise.read() >= 0) {
        // read to the end one byte at a time
      }
      int block = 1 + random.nextInt(12);
      String text = new String(body, StandardCharsets.US_ASCII);
      assertThat(trailingQuotesReadInBlocks(text, block))
          .as("'%s' in blocks of %d", text, block)
          .isEqualTo(bytewise.trailingQuotes());
    }
  }

  private static int trailingQuotesReadInBlocks(String body, int block) throws IOException {
    TailTrackingInputStream in =
        new TailTrackingInputStream(
            new ByteArrayInputStream(body.getBytes(StandardCharsets.US_ASCII)), '"');
    byte[] buffer = new byte[block + 3];
    while (in.read(buffer, 2, block) >= 0) {
      // read to the end in blocks, at an offset into the buffer
    }
    return in.trailingQuotes();
  }
}
