package dev.revsync.internal.http;

import dev.revsync.spi.CallContext;
import dev.revsync.spi.Classification;
import dev.revsync.spi.ResponseClassifier;
import okhttp3.Response;

/** HTTP semantics alone; see {@link ResponseClassifier#standard()}. */
public final class StandardClassifier implements ResponseClassifier {
  public static final StandardClassifier INSTANCE = new StandardClassifier();

  private StandardClassifier() {}

  @Override
  public Classification classify(Response response, CallContext call) {
    throw new UnsupportedOperationException("being built");
  }
}
